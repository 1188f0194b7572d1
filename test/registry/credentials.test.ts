import { strict as assert } from 'node:assert';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRegistryClient, RegistryError, type RegistryClient } from '../../server/src/registry';
import { parseChallenges } from '../../server/src/registry/challenge';
import { credentialsAllowed, endpointFor, registrableDomain } from '../../server/src/registry/endpoints';
import { proxyFor } from '../../server/src/registry/proxy';
import { fakeImage, imageRegistry, sendJson, startFaultServer, type FaultHandler, type FaultServer } from '../support/faultServers';

const REPO = 'team/app';
const USER = 'ci-bot';
const PASSWORD = 'pw-7f3a9c1e5b2d';
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** Demands Basic credentials, and echoes the header it got in its error body, as a careless server might. */
function basicAuthRegistry(user: string, password: string, inner: FaultHandler): FaultHandler {
  return (req, res, seen) => {
    if (seen.headers.authorization !== basic(user, password)) {
      return sendJson(res, 401, { errors: [{ code: 'UNAUTHORIZED', message: `got ${seen.headers.authorization ?? 'nothing'}` }] }, { 'www-authenticate': 'Basic realm="test"' });
    }
    inner(req, res, seen);
  };
}

describe('registry credentials', function () {
  this.timeout(20_000);
  let dir: string;
  let servers: FaultServer[] = [];
  let clients: RegistryClient[] = [];
  let lines: string[] = [];
  let messages: string[] = [];

  async function serve(handler: FaultHandler, bindHost?: string): Promise<FaultServer> {
    const server = await startFaultServer(handler, bindHost);
    servers.push(server);
    return server;
  }

  async function dockerConfig(config: object): Promise<string> {
    const configDir = join(dir, `docker-${Math.random().toString(36).slice(2)}`);
    await mkdir(configDir, { recursive: true });
    await writeFile(join(configDir, 'config.json'), JSON.stringify(config));
    return configDir;
  }

  function client(options: Parameters<typeof createRegistryClient>[0]): RegistryClient {
    const c = createRegistryClient({ timeoutMs: 3_000, retryBaseMs: 10, env: { PATH: process.env.PATH }, log: (l) => lines.push(l), ...options });
    clients.push(c);
    return c;
  }

  /** Every line and message the user could see, checked for each secret. */
  function assertNoSecret(...secrets: string[]): void {
    for (const text of [...lines, ...messages]) {
      for (const secret of secrets) assert.ok(!text.includes(secret), `secret leaked into: ${text}`);
    }
  }

  async function facts(c: RegistryClient, registry: string) {
    const f = await c.imageFacts({ registry, repository: REPO, tag: '1.0' }, { tags: true });
    if (f.problem) messages.push(f.problem.message);
    return f;
  }

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dph-creds-'));
  });

  afterEach(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await Promise.all(servers.map((s) => s.close()));
    await rm(dir, { recursive: true, force: true });
    servers = [];
    clients = [];
    lines = [];
    messages = [];
  });

  it('sends Basic credentials from auths to a loopback registry, and never shows them', async () => {
    const image = fakeImage();
    const server = await serve(basicAuthRegistry(USER, PASSWORD, imageRegistry(REPO, '1.0', image)));
    const dockerConfigDir = await dockerConfig({ auths: { [server.host]: { auth: Buffer.from(`${USER}:${PASSWORD}`).toString('base64') } } });
    const c = client({ dockerConfigDir });
    assert.equal((await facts(c, server.host)).digest, image.digest);
    assert.equal(await c.resolveDigest({ registry: server.host, repository: REPO, tag: '1.0' }), image.digest);
    // After the first 401 the client knows the challenge and authenticates up front.
    assert.equal(server.requests.filter((r) => r.headers.authorization === undefined).length, 1);
    assertNoSecret(PASSWORD, Buffer.from(`${USER}:${PASSWORD}`).toString('base64'));
  });

  it('wrong credentials give an auth problem that names docker login, not the secret the server echoed', async () => {
    const server = await serve(basicAuthRegistry(USER, PASSWORD, imageRegistry(REPO, '1.0')));
    const dockerConfigDir = await dockerConfig({ auths: { [`https://${server.host}`]: { username: USER, password: 'wrong-secret-991' } } });
    const c = client({ dockerConfigDir });
    const f = await facts(c, server.host);
    assert.equal(f.problem?.kind, 'auth');
    assert.match(f.problem!.message, /were not accepted; run `docker login 127\.0\.0\.1:\d+` again/);
    try {
      await c.resolveDigest({ registry: server.host, repository: REPO, tag: '1.0' });
      assert.fail('resolved with wrong credentials');
    } catch (err) {
      assert.ok(err instanceof RegistryError);
      messages.push(err.message, String(err.stack));
    }
    assertNoSecret('wrong-secret-991', Buffer.from(`${USER}:wrong-secret-991`).toString('base64'));
  });

  it('no credentials at all: an auth problem that suggests docker login', async () => {
    const server = await serve(basicAuthRegistry(USER, PASSWORD, imageRegistry(REPO, '1.0')));
    const f = await facts(client({ dockerConfigDir: await dockerConfig({}) }), server.host);
    assert.equal(f.problem?.kind, 'auth');
    assert.match(f.problem!.message, /run `docker login 127\.0\.0\.1:\d+` if the repository is private/);
  });

  it('a credential helper on PATH gets the server URL on stdin and its answer is used', async () => {
    const image = fakeImage();
    const server = await serve(basicAuthRegistry('helper-user', 'helper-secret-4411', imageRegistry(REPO, '1.0', image)));
    const bin = join(dir, 'bin');
    await mkdir(bin);
    const helper = join(bin, 'docker-credential-dphtest');
    await writeFile(helper, [
      '#!/bin/sh',
      '[ "$1" = get ] || exit 3',
      'read -r url || true',
      'printf "%s" "$url" > "$HELPER_SAW"',
      'printf \'{"ServerURL":"%s","Username":"helper-user","Secret":"helper-secret-4411"}\' "$url"',
      '',
    ].join('\n'));
    await chmod(helper, 0o755);
    const saw = join(dir, 'helper-saw');
    const env = { PATH: `${bin}:${process.env.PATH}`, HELPER_SAW: saw };
    for (const config of [{ credHelpers: { [server.host]: 'dphtest' } }, { credsStore: 'dphtest', auths: { [server.host]: {} } }]) {
      const c = client({ dockerConfigDir: await dockerConfig(config), env });
      assert.equal((await facts(c, server.host)).digest, image.digest);
      assert.equal(await readFile(saw, 'utf8'), server.host);
    }
    assertNoSecret('helper-secret-4411');
  });

  it('a credential helper that hangs is killed after its timeout and the lookup goes on without it', async () => {
    const server = await serve(basicAuthRegistry(USER, PASSWORD, imageRegistry(REPO, '1.0')));
    const bin = join(dir, 'bin');
    await mkdir(bin);
    await writeFile(join(bin, 'docker-credential-stuck'), '#!/bin/sh\nexec sleep 30\n');
    await chmod(join(bin, 'docker-credential-stuck'), 0o755);
    const c = client({
      dockerConfigDir: await dockerConfig({ credsStore: 'stuck' }),
      env: { PATH: `${bin}:${process.env.PATH}` },
      credentialHelperTimeoutMs: 300,
    });
    const started = Date.now();
    const f = await facts(c, server.host);
    assert.equal(f.problem?.kind, 'auth');
    assert.ok(Date.now() - started < 3_000);
    assert.ok(lines.some((l) => /docker-credential-stuck: no answer within 300 ms/.test(l)));
  });

  it('with credentialHelpers false no helper is started and only auths is used', async () => {
    const image = fakeImage();
    const server = await serve(basicAuthRegistry(USER, PASSWORD, imageRegistry(REPO, '1.0', image)));
    const bin = join(dir, 'bin');
    await mkdir(bin);
    const ran = join(dir, 'helper-ran');
    await writeFile(join(bin, 'docker-credential-marker'), `#!/bin/sh\ntouch "${ran}"\nexit 1\n`);
    await chmod(join(bin, 'docker-credential-marker'), 0o755);
    const c = client({
      dockerConfigDir: await dockerConfig({ credsStore: 'marker', auths: { [server.host]: { auth: Buffer.from(`${USER}:${PASSWORD}`).toString('base64') } } }),
      env: { PATH: `${bin}:${process.env.PATH}` },
      credentialHelpers: false,
    });
    assert.equal((await facts(c, server.host)).digest, image.digest);
    await assert.rejects(readFile(ran), { code: 'ENOENT' });
    assert.ok(lines.some((l) => /not running docker-credential-marker/.test(l)));
  });

  it('a token realm on another host over plain http gets no credentials', async () => {
    const image = fakeImage();
    const tokens = await serve((_req, res) => sendJson(res, 200, { token: 'anon-token-5521', expires_in: 300 }), '127.0.0.2');
    const realm = `http://${tokens.host}/token`;
    const server = await serve((req, res, seen) => {
      if (seen.headers.authorization !== 'Bearer anon-token-5521') {
        return sendJson(res, 401, { errors: [{ code: 'UNAUTHORIZED' }] }, { 'www-authenticate': `Bearer realm="${realm}",service="svc",scope="repository:${REPO}:pull"` });
      }
      imageRegistry(REPO, '1.0', image)(req, res, seen);
    });
    const dockerConfigDir = await dockerConfig({ auths: { [server.host]: { auth: Buffer.from(`${USER}:${PASSWORD}`).toString('base64') } } });
    const f = await facts(client({ dockerConfigDir }), server.host);
    assert.equal(f.digest, image.digest);
    assert.ok(tokens.requests.length >= 1);
    for (const r of tokens.requests) {
      assert.equal(r.headers.authorization, undefined);
      assert.ok(!r.body.includes(PASSWORD) && !r.path.includes(PASSWORD));
    }
    assert.ok(lines.some((l) => /not sending credentials .* to http:\/\/127\.0\.0\.2:\d+/.test(l)));
    assertNoSecret(PASSWORD, 'anon-token-5521');
  });

  it('bearer tokens: credentials go to a realm beside the registry, one token per scope is reused', async () => {
    const image = fakeImage();
    const tokens = await serve((_req, res, seen) => {
      if (seen.headers.authorization !== basic(USER, PASSWORD)) return sendJson(res, 401, {});
      sendJson(res, 200, { token: `tok-${new URL(seen.path, 'http://x').searchParams.get('scope')}`, expires_in: 300 });
    });
    const realm = `http://${tokens.host}/token`;
    const server = await serve((req, res, seen) => {
      const repo = seen.path.split('/').slice(2, 4).join('/');
      if (seen.headers.authorization !== `Bearer tok-repository:${repo}:pull`) {
        return sendJson(res, 401, {}, { 'www-authenticate': `Bearer realm="${realm}",service="svc"` });
      }
      imageRegistry(repo, '1.0', image)(req, res, seen);
    });
    const c = client({ dockerConfigDir: await dockerConfig({ auths: { [server.host]: { auth: Buffer.from(`${USER}:${PASSWORD}`).toString('base64') } } }) });
    await Promise.all([1, 2, 3].map(() => c.imageFacts({ registry: server.host, repository: REPO, tag: '1.0' })));
    assert.equal((await c.imageFacts({ registry: server.host, repository: 'team/other', tag: '1.0' })).digest, image.digest);
    assert.equal(await c.resolveDigest({ registry: server.host, repository: REPO, tag: '1.0' }), image.digest);
    const scopes = tokens.requests.map((r) => new URL(r.path, 'http://x').searchParams.get('scope'));
    assert.deepEqual(scopes, [`repository:${REPO}:pull`, 'repository:team/other:pull']);
    assert.equal(c.stats().byKind.token, 2);
    assertNoSecret(PASSWORD, `tok-repository:${REPO}:pull`);
  });

  it('an identity token is exchanged with an OAuth2 refresh_token grant', async () => {
    const image = fakeImage();
    const tokens = await serve((_req, res, seen) => {
      const form = new URLSearchParams(seen.body);
      if (seen.method !== 'POST' || form.get('grant_type') !== 'refresh_token' || form.get('refresh_token') !== 'refresh-abc-123') {
        return sendJson(res, 401, {});
      }
      sendJson(res, 200, { access_token: 'access-xyz-789', expires_in: 60 });
    });
    const server = await serve((req, res, seen) => {
      if (seen.headers.authorization !== 'Bearer access-xyz-789') {
        return sendJson(res, 401, {}, { 'www-authenticate': `Bearer realm="http://${tokens.host}/token",service="svc"` });
      }
      imageRegistry(REPO, '1.0', image)(req, res, seen);
    });
    const c = client({ dockerConfigDir: await dockerConfig({ auths: { [server.host]: { identitytoken: 'refresh-abc-123' } } }) });
    assert.equal((await facts(c, server.host)).digest, image.digest);
    assert.equal(new URLSearchParams(tokens.requests[0].body).get('scope'), `repository:${REPO}:pull`);
    assertNoSecret('refresh-abc-123', 'access-xyz-789');
  });

  it('Docker Hub credentials are not sent to a mirror configured for docker.io', async () => {
    const image = fakeImage();
    const mirror = await serve(basicAuthRegistry(USER, PASSWORD, imageRegistry('library/node', '20', image)));
    const hub = Buffer.from('hub-user:hub-secret-3141').toString('base64');
    const configDir = await dockerConfig({ auths: { 'https://index.docker.io/v1/': { auth: hub } } });
    const registries = { 'docker.io': { endpoint: mirror.url } };
    const f = await client({ dockerConfigDir: configDir, registries }).imageFacts({ registry: 'docker.io', repository: 'library/node', tag: '20' });
    assert.equal(f.problem?.kind, 'auth');
    assert.ok(mirror.requests.every((r) => r.headers.authorization === undefined));
    // The mirror's own entry is what it gets.
    const mirrorConfig = await dockerConfig({ auths: { 'https://index.docker.io/v1/': { auth: hub }, [mirror.host]: { auth: Buffer.from(`${USER}:${PASSWORD}`).toString('base64') } } });
    const ok = await client({ dockerConfigDir: mirrorConfig, registries }).imageFacts({ registry: 'docker.io', repository: 'library/node', tag: '20' });
    assert.equal(ok.digest, image.digest);
    assert.ok(mirror.requests.every((r) => !r.headers.authorization?.includes(hub)));
  });

  it('a blob redirect to storage on another host does not carry the Authorization header', async () => {
    const image = fakeImage();
    const storage = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': image.config.length });
      res.end(image.config);
    }, '127.0.0.2');
    const server = await serve(basicAuthRegistry(USER, PASSWORD, imageRegistry(REPO, '1.0', image, (_req, res, seen) => {
      if (seen.path.includes('/blobs/')) {
        res.writeHead(307, { location: `${storage.url}/blob-data?sig=x` });
        res.end();
      }
    })));
    const dockerConfigDir = await dockerConfig({ auths: { [server.host]: { auth: Buffer.from(`${USER}:${PASSWORD}`).toString('base64') } } });
    const f = await facts(client({ dockerConfigDir }), server.host);
    assert.equal(f.created, '2024-05-01T10:00:00Z');
    assert.equal(storage.requests.length, 1);
    assert.equal(storage.requests[0].headers.authorization, undefined);
  });
});

describe('registry credential policy', () => {
  it('parses Bearer and Basic challenges', () => {
    assert.deepEqual(parseChallenges('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/node:pull"'), [
      { scheme: 'bearer', params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/node:pull' } },
    ]);
    assert.deepEqual(parseChallenges('Basic realm="Registry Realm"'), [{ scheme: 'basic', params: { realm: 'Registry Realm' } }]);
    assert.deepEqual(parseChallenges('Negotiate, Basic realm=x'), [{ scheme: 'basic', params: { realm: 'x' } }]);
  });

  it('Docker Hub uses index.docker.io/v1/ as its config key and registry-1.docker.io as its endpoint', () => {
    const hub = endpointFor('docker.io');
    assert.equal(hub.base, 'https://registry-1.docker.io');
    assert.equal(hub.credentialKey, 'https://index.docker.io/v1/');
    assert.equal(endpointFor('ghcr.io').base, 'https://ghcr.io');
    assert.equal(endpointFor('localhost:5000').base, 'http://localhost:5000');
    assert.equal(endpointFor('127.0.0.1:5000').base, 'http://127.0.0.1:5000');
    assert.equal(endpointFor('docker.io', { 'docker.io': { endpoint: 'http://127.0.0.1:5000/' } }).credentialKey, '127.0.0.1:5000');
  });

  it('credentials go over https, or plain http only on loopback or to an insecure registry', () => {
    const ghcr = endpointFor('ghcr.io');
    assert.equal(credentialsAllowed(new URL('https://ghcr.io/v2/'), ghcr, 'registry'), true);
    assert.equal(credentialsAllowed(new URL('https://ghcr.io/token'), ghcr, 'realm'), true);
    assert.equal(credentialsAllowed(new URL('http://ghcr.io/token'), ghcr, 'realm'), false);
    const plain = endpointFor('registry.lan:5000', { 'registry.lan:5000': { endpoint: 'http://registry.lan:5000' } });
    assert.equal(credentialsAllowed(plain.url, plain, 'registry'), false);
    const insecure = endpointFor('registry.lan:5000', { 'registry.lan:5000': { insecure: true } });
    assert.equal(insecure.base, 'http://registry.lan:5000');
    assert.equal(credentialsAllowed(insecure.url, insecure, 'registry'), true);
    assert.equal(credentialsAllowed(new URL('http://registry.lan:5001/token'), insecure, 'realm'), true);
    assert.equal(credentialsAllowed(new URL('http://auth.lan/token'), insecure, 'realm'), false);
  });

  it('a token realm gets credentials only on the registry\'s own registrable domain', () => {
    const hub = endpointFor('docker.io');
    assert.equal(credentialsAllowed(new URL('https://auth.docker.io/token'), hub, 'realm'), true);
    assert.equal(credentialsAllowed(new URL('https://evil.example/token'), hub, 'realm'), false);
    assert.equal(credentialsAllowed(new URL('https://docker.io.evil.example/token'), hub, 'realm'), false);
    const gitlab = endpointFor('registry.gitlab.com');
    assert.equal(credentialsAllowed(new URL('https://gitlab.com/jwt/auth'), gitlab, 'realm'), true);
    const uk = endpointFor('registry.example.co.uk');
    assert.equal(credentialsAllowed(new URL('https://auth.example.co.uk/token'), uk, 'realm'), true);
    assert.equal(credentialsAllowed(new URL('https://other.co.uk/token'), uk, 'realm'), false);
    assert.equal(registrableDomain('registry-1.docker.io'), 'docker.io');
    assert.equal(registrableDomain('127.0.0.1'), '127.0.0.1');
  });

  it('proxies come from the environment, NO_PROXY and loopback bypass them', () => {
    const env = { HTTPS_PROXY: 'http://proxy:3128', http_proxy: 'http://plain:3128', NO_PROXY: 'internal.example,.corp.example:443' };
    assert.equal(proxyFor(new URL('https://registry-1.docker.io/v2/'), env), 'http://proxy:3128');
    assert.equal(proxyFor(new URL('http://mirror.example/v2/'), env), 'http://plain:3128');
    assert.equal(proxyFor(new URL('https://internal.example/v2/'), env), undefined);
    assert.equal(proxyFor(new URL('https://reg.corp.example/v2/'), env), undefined);
    assert.equal(proxyFor(new URL('http://127.0.0.1:5000/v2/'), env), undefined);
    assert.equal(proxyFor(new URL('http://localhost:5000/v2/'), env), undefined);
    assert.equal(proxyFor(new URL('https://ghcr.io/v2/'), { NO_PROXY: '*', HTTPS_PROXY: 'http://p' }), undefined);
  });
});
