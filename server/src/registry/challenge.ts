export interface Challenge {
  scheme: 'bearer' | 'basic';
  params: Record<string, string>;
}

/**
 * Parses `WWW-Authenticate`, which may hold several challenges joined by commas:
 * `Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/node:pull"`.
 */
export function parseChallenges(header: string | undefined): Challenge[] {
  if (!header) return [];
  const out: Challenge[] = [];
  let current: Challenge | undefined;
  let inKnownScheme = false;
  let i = 0;
  const skip = (chars: RegExp) => {
    while (i < header.length && chars.test(header[i])) i++;
  };
  while (i < header.length) {
    skip(/[\s,]/);
    const start = i;
    skip(/[\w.+/~-]/);
    const word = header.slice(start, i);
    if (word === '') {
      i++;
      continue;
    }
    skip(/\s/);
    if (header[i] !== '=') {
      const scheme = word.toLowerCase();
      inKnownScheme = scheme === 'bearer' || scheme === 'basic';
      current = inKnownScheme ? { scheme: scheme as Challenge['scheme'], params: {} } : undefined;
      if (current) out.push(current);
      continue;
    }
    i++;
    skip(/\s/);
    let value = '';
    if (header[i] === '"') {
      i++;
      while (i < header.length && header[i] !== '"') {
        if (header[i] === '\\' && i + 1 < header.length) i++;
        value += header[i++];
      }
      i++;
    } else {
      const valueStart = i;
      skip(/[^,\s]/);
      value = header.slice(valueStart, i);
    }
    if (current && inKnownScheme) current.params[word.toLowerCase()] = value;
  }
  return out;
}
