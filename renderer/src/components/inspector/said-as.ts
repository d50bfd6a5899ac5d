/**
 * The turn editor's "Said as" line: the spoken text (pronunciations applied) when it differs from the
 * written one, cut to a short excerpt that starts shortly before the first difference, so a word replaced
 * late in a long turn is still in view.
 */
import { normaliseTurnText } from '../../state/take-signature';

export const SAID_AS_MAX_CHARS = 160;
/** How much of the unchanged text before the first difference stays in the excerpt. */
const LEAD_CHARS = 40;

export function saidAsExcerpt(written: string, spoken: string, maxChars = SAID_AS_MAX_CHARS): string | null {
  const from = normaliseTurnText(written);
  const said = normaliseTurnText(spoken);
  if (from === said) return null;
  let first = 0;
  while (first < from.length && from[first] === said[first]) first++;
  let start = Math.max(0, first - LEAD_CHARS);
  // Start at a word, not inside one.
  if (start > 0) {
    const space = said.indexOf(' ', start);
    start = space >= 0 && space < first ? space + 1 : start;
  }
  let end = Math.min(said.length, start + maxChars);
  if (end < said.length) {
    const space = said.lastIndexOf(' ', end);
    if (space > first) end = space;
  }
  return `${start > 0 ? '…' : ''}${said.slice(start, end)}${end < said.length ? '…' : ''}`;
}
