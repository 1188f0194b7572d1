import { readFile, stat } from 'node:fs/promises';
import { ErrorCodes, RequestType, ResponseError, type Connection, type TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CHECK_FRESHNESS_METHOD, FreshnessWatch, type CheckFreshnessParams, type CheckFreshnessResult, type DockerfileText } from '../freshness';
import type { RegistryClient } from '../registry';
import { checkCancelled, guard } from './guard';
import { filePath } from './settingsCache';

export const CheckFreshnessRequest = new RequestType<CheckFreshnessParams, CheckFreshnessResult, void>(CHECK_FRESHNESS_METHOD);

/** A workspace can hold thousands of files named like Dockerfiles (vendored, generated): check a bounded number. */
const MAX_FILES = 500;
const MAX_FILE_BYTES = 1024 * 1024;

export interface FreshnessDeps {
  documents: TextDocuments<TextDocument>;
  /** The registry client a document's settings (and the workspace trust) call for. */
  clientFor(uri: string): Promise<RegistryClient>;
  /** Where what was seen and told is kept; read per request, as it arrives with `initialize`. */
  storagePath(): string | undefined;
}

/**
 * `dockerfilePatchHygiene/checkFreshness` {uris} → {moved}: tags in use that were re-pushed since
 * last seen, or that a file pins behind, each told once per new digest.
 */
export function registerFreshnessRequest(connection: Connection, deps: FreshnessDeps): void {
  const watches = new Map<string, FreshnessWatch>();
  const watchFor = (dir: string | undefined): FreshnessWatch => {
    let watch = watches.get(dir ?? '');
    if (!watch) {
      watch = new FreshnessWatch(dir);
      watches.set(dir ?? '', watch);
    }
    return watch;
  };
  connection.onRequest(CheckFreshnessRequest, guard(connection, 'checkFreshness', async (params, token) => {
    const uris = params?.uris;
    if (!Array.isArray(uris) || uris.some((u) => typeof u !== 'string')) {
      throw new ResponseError(ErrorCodes.InvalidParams, `${CHECK_FRESHNESS_METHOD} expects {uris: string[]}.`);
    }
    const files = (await Promise.all([...new Set(uris)].slice(0, MAX_FILES).map((uri) => textOf(uri, deps.documents)))).flatMap((f) => f ?? []);
    checkCancelled(token);
    const moved = await watchFor(deps.storagePath()).check(files, (uri) => deps.clientFor(uri));
    return { moved };
  }));
}

/** The editor's text of an open document, else the file on disk; nothing for what cannot be read. */
async function textOf(uri: string, documents: TextDocuments<TextDocument>): Promise<DockerfileText | undefined> {
  const open = documents.get(uri);
  if (open) return { uri, text: open.getText() };
  const file = filePath(uri);
  if (!file) return undefined;
  try {
    if ((await stat(file)).size > MAX_FILE_BYTES) return undefined;
    return { uri, text: await readFile(file, 'utf8') };
  } catch {
    return undefined;
  }
}
