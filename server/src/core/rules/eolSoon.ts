import { refRange } from '../dockerfile';
import { findEol, supportedUntil } from '../eol';
import type { RawFinding, RuleMeta } from '../types';
import { moveFix, supportedMove } from './eolBase';
import type { RuleContext } from './rule';
import { imageFroms } from './support';

export const meta: RuleMeta = {
  code: 'DPH009',
  name: 'eol-soon',
  defaultSeverity: 'info',
  description: 'The runtime or OS of the image reaches end of life within 180 days (eolSoonDays): plan the move while it is a choice, not an outage.',
};

const DEFAULT_WINDOW_DAYS = 180;
const DAY_MS = 86_400_000;

/**
 * Release lines that are still supported today and end within the window, with the move
 * eol-base would offer on that day. A reference already past end of life is eol-base's alone.
 */
export function check({ model, now, eolSoonDays }: RuleContext): RawFinding[] {
  const found: RawFinding[] = [];
  const today = now.toISOString().slice(0, 10);
  const horizon = new Date(now.getTime() + (eolSoonDays ?? DEFAULT_WINDOW_DAYS) * DAY_MS);
  for (const image of imageFroms(model)) {
    const tagStart = image.ref.offsets.tag?.[0];
    if (tagStart === undefined || findEol(image.ref, now).length > 0) continue;
    const hits = findEol(image.ref, horizon).filter((h) => h.eol > today);
    if (hits.length === 0) continue;
    const move = supportedMove(image.ref, hits);
    const soonest = hits.map((h) => h.eol).sort()[0];
    const days = Math.round((Date.parse(`${soonest}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS);
    const parts = hits.map((h) => `${h.family} ${h.cycle}${h.what === 'os' && h.codename ? ` (${h.codename})` : ''} reaches end of life on ${h.eol}`).join(' and ');
    const next = move ? `; ${move.text} is ${supportedUntil(move.supportedUntil)}` : '';
    found.push({
      message: `${parts} (in ${days} days)${next}.`,
      range: refRange(image.from, tagStart + Math.min(...hits.map((h) => h.tagRange[0])), tagStart + Math.max(...hits.map((h) => h.tagRange[1]))),
      subject: image.from.range,
      fixes: move ? moveFix(image, hits, move, now) : [],
    });
  }
  return found;
}
