import { CompletionItemKind, type CompletionItem, type CompletionList, type Position } from 'vscode-languageserver/node';
import { currentTags, officialImage } from '../core/published';
import { parseImageRef } from '../core/imageRef';
import { compareTags, parseTag } from '../core/tags';
import type { RegistryClient } from '../registry';
import { within } from './budget';

/** How long completion waits for a tag list it does not have cached. */
export const COMPLETION_BUDGET_MS = 1500;
const MAX_ITEMS = 1000;

/** `FROM [--flag=x ...] image:partial` up to the cursor. */
const FROM_PREFIX = /^\s*FROM\s+(?:--\S+\s+)*(\S*)$/i;

export interface TagContext {
  registry: string;
  repository: string;
  /** What is typed after the colon. */
  typed: string;
  /** Where the typed tag starts on the line. */
  start: Position;
}

/** The image and partial tag when the cursor is right after `FROM image:`; undefined elsewhere. */
export function tagContext(lineText: string, position: Position): TagContext | undefined {
  const m = FROM_PREFIX.exec(lineText.slice(0, position.character));
  const word = m?.[1];
  if (!word || word.includes('@') || word.includes('$')) return undefined;
  const colon = word.lastIndexOf(':');
  if (colon <= 0 || colon < word.lastIndexOf('/')) return undefined;
  const ref = parseImageRef(word.slice(0, colon));
  if (!ref || ref.tag !== undefined) return undefined;
  const typed = word.slice(colon + 1);
  return { registry: ref.registry, repository: ref.repository, typed, start: { line: position.line, character: position.character - typed.length } };
}

/**
 * Tags newest first within each variant family (`22`, `20.18.1` … then `22-alpine` …), families
 * after the plain versions; filtered by what is typed. An unanswered list within the budget gives an
 * incomplete, empty result, so the client asks again as the user types.
 */
export async function completeTags(client: RegistryClient, ctx: TagContext, position: Position): Promise<CompletionList> {
  const answered = await within(client.listTags({ registry: ctx.registry, repository: ctx.repository }).catch(() => undefined), COMPLETION_BUDGET_MS);
  // Offline, failed or late: the official images' published tags when the table knows the image,
  // and in every case a list marked incomplete, so the editor asks again once the registry answers.
  const fromRegistry = answered !== undefined && answered.length > 0;
  const published = fromRegistry ? undefined : currentTags(officialImage({ registry: ctx.registry, path: ctx.repository }));
  const tags = fromRegistry ? answered : [...(published ?? [])];
  if (tags.length === 0) return { isIncomplete: true, items: [] };
  const matching = tags.filter((t) => t.startsWith(ctx.typed));
  const ordered = orderTags(matching);
  const items: CompletionItem[] = ordered.slice(0, MAX_ITEMS).map(({ tag, family, rank }) => ({
    label: tag,
    kind: CompletionItemKind.Value,
    labelDetails: { description: family || 'default' },
    sortText: rank,
    filterText: tag,
    textEdit: { range: { start: ctx.start, end: position }, newText: tag },
  }));
  return { isIncomplete: !fromRegistry || ordered.length > MAX_ITEMS, items };
}

/** Groups by variant family (plain versions first, then families by name), newest first inside each. */
export function orderTags(tags: string[]): Array<{ tag: string; family: string; rank: string }> {
  const families = new Map<string, string[]>();
  for (const tag of tags) {
    const family = parseTag(tag).variantFamily;
    families.set(family, [...(families.get(family) ?? []), tag]);
  }
  const names = [...families.keys()].sort((a, b) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b)));
  return names.flatMap((family, g) =>
    families
      .get(family)!
      .sort((a, b) => compareTags(b, a))
      .map((tag, i) => ({ tag, family, rank: `${String(g).padStart(4, '0')}-${String(i).padStart(5, '0')}` })),
  );
}
