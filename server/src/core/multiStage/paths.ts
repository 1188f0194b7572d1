/** Joins `path` onto the directory `cwd` the way a shell would, normalising `.`, `..` and repeated slashes; undefined when a `$VAR` makes it unknowable. */
export function resolvePath(cwd: string | undefined, path: string): string | undefined {
  if (path.includes('$') || path.includes('`')) return undefined;
  const joined = path.startsWith('/') ? path : cwd === undefined ? undefined : `${cwd}/${path}`;
  if (joined === undefined) return undefined;
  const parts: string[] = [];
  for (const part of joined.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  const resolved = `/${parts.join('/')}`;
  return path.endsWith('/') && resolved !== '/' ? `${resolved}/` : resolved;
}

/** True when `path` is `dir` or lies below it. */
export function isWithin(path: string, dir: string): boolean {
  const base = dir.replace(/\/+$/, '');
  return path === base || path.startsWith(`${base}/`) || base === '';
}

export function basename(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}
