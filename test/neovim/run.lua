-- Driven by nvimClient.ts: `nvim --headless -u NONE ... -c 'luafile run.lua'` with the buffer
-- already open and DPH_NVIM_CONFIG naming a JSON file of what to do. Written for Neovim 0.7.
local config = vim.fn.json_decode(table.concat(vim.fn.readfile(vim.env.DPH_NVIM_CONFIG), '\n'))
local out = { diagnostics = {}, vimDiagnostics = {}, codeActions = {}, events = {} }
local published = 0
local latest = {}
local function note(event) table.insert(out.events, event) end

local function finish(err)
  if err then out.error = tostring(err) end
  vim.fn.writefile({ vim.fn.json_encode(out) }, config.output)
  vim.cmd(err and 'cquit!' or 'qall!')
end

local function main()
  local buf = vim.api.nvim_get_current_buf()
  vim.bo[buf].filetype = config.filetype
  local client_id = vim.lsp.start_client({
    name = 'under-test',
    cmd = config.cmd,
    root_dir = config.rootDir,
    init_options = config.initializationOptions,
    settings = config.settings,
    handlers = {
      -- Keep what the server sent, in LSP's own positions, before Neovim converts it.
      ['textDocument/publishDiagnostics'] = function(err, result, ctx, cfg)
        published = published + 1
        latest = result.diagnostics
        note('publishDiagnostics ' .. #result.diagnostics)
        return vim.lsp.diagnostic.on_publish_diagnostics(err, result, ctx, cfg)
      end,
    },
    -- Neovim 0.7 does not advertise workspace/configuration: like nvim-lspconfig, push the
    -- settings once the server is up, which is how a Neovim user's settings reach a server.
    on_init = function(client)
      client.notify('workspace/didChangeConfiguration', { settings = config.settings })
    end,
    on_exit = function(code) note('server exit ' .. tostring(code)) end,
  })
  if not client_id then return finish('the language server did not start: ' .. vim.inspect(config.cmd)) end
  vim.lsp.buf_attach_client(buf, client_id)

  local seen = vim.wait(config.timeoutMs, function()
    return #vim.diagnostic.get(buf) >= config.minDiagnostics
  end, 20)
  out.vimDiagnostics = vim.diagnostic.get(buf)
  out.diagnostics = latest
  if not seen then return finish('fewer than ' .. config.minDiagnostics .. ' diagnostics after ' .. config.timeoutMs .. ' ms') end

  local client = vim.lsp.get_client_by_id(client_id)
  if config.codeActionTitle ~= vim.NIL and config.codeActionTitle ~= nil then
    local first = out.diagnostics[1]
    local params = {
      textDocument = { uri = vim.uri_from_bufnr(buf) },
      range = first.range,
      context = { diagnostics = out.diagnostics },
    }
    local response = client.request_sync('textDocument/codeAction', params, config.timeoutMs, buf)
    if not response or response.err then return finish('codeAction failed: ' .. vim.inspect(response)) end
    local chosen
    for _, action in ipairs(response.result or {}) do
      table.insert(out.codeActions, action.title)
      if not chosen and action.title:find(config.codeActionTitle, 1, true) then chosen = action end
    end
    if not chosen then return finish('no code action titled "' .. config.codeActionTitle .. '"') end
    if not chosen.edit and not chosen.command then
      local resolved = client.request_sync('codeAction/resolve', chosen, config.timeoutMs, buf)
      if resolved and resolved.result then chosen = resolved.result end
    end
    local before = published
    if chosen.edit then vim.lsp.util.apply_workspace_edit(chosen.edit, client.offset_encoding) end
    local command = type(chosen.command) == 'table' and chosen.command or (type(chosen.command) == 'string' and chosen or nil)
    if command then
      -- The server answers a command with a workspace/applyEdit request, which Neovim applies itself.
      client.request_sync('workspace/executeCommand', { command = command.command, arguments = command.arguments }, config.timeoutMs, buf)
    end
    out.appliedAction = chosen.title
    if config.waitAfterFix then
      if vim.wait(config.timeoutMs, function() return published > before end, 20) then
        out.diagnosticsAfterFix = latest
      end
    end
  end
  out.bufferText = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n')
  finish(nil)
end

local ok, err = pcall(main)
if not ok then finish(err) end
