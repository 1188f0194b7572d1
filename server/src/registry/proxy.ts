import { isLoopbackHost } from './endpoints';

/**
 * The proxy URL for a request, from HTTPS_PROXY / HTTP_PROXY / NO_PROXY (either case), or undefined
 * to connect directly. Loopback never goes through a proxy.
 */
export function proxyFor(target: URL, env: NodeJS.ProcessEnv): string | undefined {
  if (isLoopbackHost(target.hostname)) return undefined;
  const pick = (name: string) => env[name] ?? env[name.toLowerCase()];
  const proxy = target.protocol === 'https:' ? pick('HTTPS_PROXY') : pick('HTTP_PROXY');
  if (!proxy) return undefined;
  const noProxy = (pick('NO_PROXY') ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const host = target.hostname.toLowerCase();
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  for (const entry of noProxy) {
    if (entry === '*') return undefined;
    const [entryHost, entryPort] = entry.startsWith('[') ? [entry, undefined] : entry.split(':');
    if (entryPort && entryPort !== port) continue;
    const bare = entryHost.replace(/^\*?\./, '');
    if (host === bare || host.endsWith(`.${bare}`)) return undefined;
  }
  return proxy;
}
