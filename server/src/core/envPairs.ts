/** `ENV A=1 B="two words"` and the legacy `ENV A value with spaces`. */
export function envPairs(args: string): [string, string][] {
  const words = shellWords(args);
  if (words.length === 0) return [];
  if (!words[0].includes('=')) {
    const rest = args.trim().slice(args.trim().indexOf(words[0]) + words[0].length).trim();
    return [[words[0], rest]];
  }
  return words.filter((w) => w.includes('=')).map((w) => [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)]);
}

function shellWords(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let quote: string | undefined;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < text.length) word += text[++i];
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c === '\\' && i + 1 < text.length ? text[++i] : c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

