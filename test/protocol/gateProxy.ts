import { startFaultServer, type FaultServer } from '../support/faultServers';

export interface Gate {
  url: string;
  server: FaultServer;
  /** Lets held requests (and all later ones) through to the registry. */
  release(): void;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-encoding', 'content-length']);

/**
 * A registry endpoint that holds every request until the test releases it: a registry that has
 * not answered yet, without any timing guess. Released requests go to the real registry.
 */
export async function startGate(backendUrl: string): Promise<Gate> {
  let open = false;
  const waiting: Array<() => void> = [];
  const server = await startFaultServer((req, res, seen) => {
    const forward = async () => {
      const headers: Record<string, string> = {};
      for (const name of ['accept', 'authorization']) if (typeof req.headers[name] === 'string') headers[name] = req.headers[name] as string;
      try {
        const answer = await fetch(backendUrl + seen.path, { method: seen.method, headers, redirect: 'manual' });
        const body = Buffer.from(await answer.arrayBuffer());
        const out: Record<string, string> = {};
        answer.headers.forEach((value, name) => {
          if (!HOP_BY_HOP.has(name)) out[name] = value;
        });
        out['content-length'] = seen.method === 'HEAD' ? (answer.headers.get('content-length') ?? '0') : String(body.length);
        res.writeHead(answer.status, out);
        res.end(seen.method === 'HEAD' ? undefined : body);
      } catch (err) {
        res.writeHead(502);
        res.end(String(err));
      }
    };
    if (open) void forward();
    else waiting.push(() => void forward());
  });
  return {
    url: server.url,
    server,
    release() {
      open = true;
      for (const go of waiting.splice(0)) go();
    },
    close: () => server.close(),
  };
}
