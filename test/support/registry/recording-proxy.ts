import * as http from 'node:http';
import { listenOnLoopback } from './free-port';

/** One request that reached the registry through its public address. */
export interface RecordedRequest {
  at: number;
  method: string;
  /** Path and query, e.g. `/v2/library/node/manifests/20`. */
  path: string;
  /** The scheme of the Authorization header (`Basic`, `Bearer`), or null when none was sent. */
  authScheme: string | null;
  accept: string | null;
  /** 0 until the registry answered. */
  status: number;
}

export interface RecordingProxy {
  port: number;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/**
 * Sits in front of the registry so tests can count exactly what a client asked for: the entry is
 * recorded before the request is forwarded, so it is always there once the client has its answer.
 * The Host header is forwarded unchanged because distribution builds upload `Location` URLs from it.
 */
export async function startRecordingProxy(backendPort: number): Promise<RecordingProxy> {
  const requests: RecordedRequest[] = [];
  const agent = new http.Agent({ keepAlive: true });
  const server = http.createServer((req, res) => {
    const entry: RecordedRequest = {
      at: Date.now(),
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      authScheme: req.headers.authorization?.split(' ')[0] ?? null,
      accept: req.headers.accept ?? null,
      status: 0,
    };
    requests.push(entry);
    const upstream = http.request(
      { host: '127.0.0.1', port: backendPort, method: req.method, path: req.url, headers: req.headers, agent },
      (answer) => {
        entry.status = answer.statusCode ?? 0;
        res.writeHead(entry.status, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  const port = await listenOnLoopback(server);
  return {
    port,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
        agent.destroy();
      }),
  };
}
