import * as http from 'node:http';
import { randomUUID } from 'node:crypto';
import { listenOnLoopback } from './free-port';
import type { RegistryClaims, TokenSigner } from './jwt';

export interface Credentials {
  user: string;
  password: string;
}

export type Access = RegistryClaims['access'][number];

/** One call to the token endpoint, as the client under test made it. */
export interface TokenRequestRecord {
  at: number;
  /** null when the request carried no (valid) Basic credentials. */
  user: string | null;
  /** The `scope` parameters as sent, e.g. `repository:library/node:pull`. */
  scopes: string[];
  service: string | null;
  status: number;
  granted: Access[];
}

export interface TokenServerOptions {
  issuer: string;
  service: string;
  signer: TokenSigner;
  users: Credentials[];
  anonymousPull: boolean;
  expiresInSeconds: number;
}

export interface TokenServer {
  realm: string;
  requests: TokenRequestRecord[];
  /** Mints a token without an HTTP round trip, so the harness's own seeding never shows up in `requests`. */
  mint(user: string, access: Access[]): string;
  close(): Promise<void>;
}

export async function startTokenServer(options: TokenServerOptions): Promise<TokenServer> {
  const requests: TokenRequestRecord[] = [];
  const mint = (user: string, access: Access[]): string => {
    const now = Math.floor(Date.now() / 1000);
    return options.signer.sign({
      iss: options.issuer,
      sub: user,
      aud: options.service,
      iat: now,
      nbf: now - 1,
      exp: now + options.expiresInSeconds,
      jti: randomUUID(),
      access,
    });
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/token' || req.method !== 'GET') {
      // 404 on POST makes docker fall back from the OAuth2 form flow to the classic GET flow.
      res.writeHead(404).end();
      return;
    }
    const scopes = url.searchParams.getAll('scope').flatMap((s) => s.split(' ')).filter(Boolean);
    const record: TokenRequestRecord = {
      at: Date.now(),
      user: null,
      scopes,
      service: url.searchParams.get('service'),
      status: 0,
      granted: [],
    };
    requests.push(record);
    const reply = (status: number, body: object): void => {
      record.status = status;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };

    const presented = basicCredentials(req.headers.authorization);
    if (presented) {
      const known = options.users.find((u) => u.user === presented.user && u.password === presented.password);
      if (!known) return reply(401, { errors: [{ code: 'UNAUTHORIZED', message: 'bad credentials' }] });
      record.user = known.user;
    } else if (!options.anonymousPull) {
      res.setHeader('www-authenticate', 'Basic realm="test-token-server"');
      return reply(401, { errors: [{ code: 'UNAUTHORIZED', message: 'credentials required' }] });
    }
    record.granted = scopes.flatMap((scope) => grant(scope, record.user !== null));
    const token = mint(record.user ?? '', record.granted);
    reply(200, {
      token,
      access_token: token,
      expires_in: options.expiresInSeconds,
      issued_at: new Date().toISOString(),
    });
  });
  const port = await listenOnLoopback(server);
  return {
    realm: `http://127.0.0.1:${port}/token`,
    requests,
    mint,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Known users get what they ask for; anonymous callers only ever get pull on repositories. */
function grant(scope: string, authenticated: boolean): Access[] {
  const first = scope.indexOf(':');
  const last = scope.lastIndexOf(':');
  if (first < 0 || last <= first) return [];
  const type = scope.slice(0, first).replace(/\(.*\)$/, '');
  const name = scope.slice(first + 1, last);
  const requested = scope.slice(last + 1).split(',').filter(Boolean);
  const actions = authenticated ? requested : type === 'repository' ? requested.filter((a) => a === 'pull') : [];
  return actions.length > 0 ? [{ type, name, actions }] : [];
}

export function basicCredentials(header: string | undefined): Credentials | null {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
