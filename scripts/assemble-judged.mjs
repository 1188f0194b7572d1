#!/usr/bin/env node
// Gathers judged findings (JSON lines with file, line, rule, verdict, reason) into
// test/corpus/judged.json, the table test/unit/corpus-judged.test.ts holds the rules to.
//   node scripts/assemble-judged.mjs <judgedOn YYYY-MM-DD> <file.jsonl>...
import { readFileSync, writeFileSync } from 'node:fs';
const [judgedOn, ...inputs] = process.argv.slice(2);
const seen = new Map();
for (const input of inputs) {
  for (const line of readFileSync(input, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line);
    if (!['true', 'false', 'debatable'].includes(String(r.verdict))) continue;
    seen.set(`${r.file}:${r.line}:${r.rule}`, { file: r.file, line: r.line, rule: r.rule, verdict: String(r.verdict), reason: r.reason });
  }
}
const findings = [...seen.values()].sort((a, b) => a.rule.localeCompare(b.rule) || a.file.localeCompare(b.file) || a.line - b.line);
writeFileSync(new URL('../test/corpus/judged.json', import.meta.url), JSON.stringify({ judgedOn, findings }, null, 1) + '\n');
console.log(`${findings.length} judged findings`);
