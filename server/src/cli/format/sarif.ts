import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ANALYSIS_FAILED } from '../../core/analysisFailed';
import { rules as ruleList } from '../../core/rules';
import { docsUrl, DOCS_BASE } from '../../core/rules/rule';
import type { Range, Severity } from '../../core/types';
import { PACKAGE_NAME } from '../version';
import type { ReportedFile } from '../reportedFindings';
import { JsonArrayWriter } from './jsonArrayWriter';
import type { ReportWriter } from './reportWriter';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };
const SRCROOT = '%SRCROOT%';

/**
 * SARIF 2.1.0 as GitHub code scanning reads it: every rule in tool.driver.rules, results with
 * 1-based regions in UTF-16 columns (LSP's unit) and URIs relative to the working directory.
 */
// The analysis-failed pseudo-rule is described last, so a SARIF reader can show what DPH000 means.
const rules = [...ruleList, { meta: ANALYSIS_FAILED }];

export function sarifReport(write: (text: string) => void, opts: { cwd: string; version: string }): ReportWriter {
  const ruleIndex = new Map(rules.map((r, i) => [r.meta.code, i]));
  const results = new JsonArrayWriter(sarifDocument(opts), write);
  return {
    file: (file) => {
      const location = artifactLocation(file, opts.cwd);
      for (const f of file.findings) {
        const fixes = f.fixes
          .filter((fix) => fix.edits.length > 0)
          .map((fix) => ({
            description: { text: fix.title },
            artifactChanges: [
              {
                artifactLocation: location,
                replacements: fix.edits.map((e) => ({ deletedRegion: region(e.range), insertedContent: { text: e.newText } })),
              },
            ],
          }));
        results.item({
          ruleId: f.code,
          ...(ruleIndex.has(f.code) ? { ruleIndex: ruleIndex.get(f.code) } : {}),
          level: LEVEL[f.severity],
          message: { text: f.message },
          locations: [{ physicalLocation: { artifactLocation: location, region: region(f.range) } }],
          ...(fixes.length > 0 ? { fixes } : {}),
        });
      }
    },
    end: () => results.end(),
  };
}

/** The SARIF log around its results, which JsonArrayWriter writes as they come. */
function sarifDocument(opts: { cwd: string; version: string }) {
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: PACKAGE_NAME,
            version: opts.version,
            semanticVersion: opts.version,
            informationUri: DOCS_BASE,
            rules: rules.map((r) => ({
              id: r.meta.code,
              name: r.meta.name,
              shortDescription: { text: r.meta.description },
              fullDescription: { text: r.meta.description },
              helpUri: docsUrl(r.meta.name),
              help: { text: `${r.meta.description} See ${docsUrl(r.meta.name)}` },
              defaultConfiguration: { level: LEVEL[r.meta.defaultSeverity] },
              properties: { tags: ['security', 'dockerfile'] },
            })),
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(opts.cwd.endsWith(path.sep) ? opts.cwd : opts.cwd + path.sep).href } },
        columnKind: 'utf16CodeUnits',
        results: JsonArrayWriter.ITEMS,
      },
    ],
  };
}

function region(range: Range) {
  return {
    startLine: range.start.line + 1,
    startColumn: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

function artifactLocation(file: ReportedFile, cwd: string): { uri: string; uriBaseId?: string } {
  if (file.path !== undefined) {
    const relative = path.relative(cwd, file.path);
    if (relative.startsWith('..') || path.isAbsolute(relative)) return { uri: pathToFileURL(file.path).href };
    return { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
  }
  return { uri: file.display.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}
