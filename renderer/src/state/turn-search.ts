/** Finding turns by their words: case- and accent-insensitive, in turn order, stepping from the selection. */
import type { Segment } from '../../../shared/model/project';

/** Lower case without diacritics and with single spaces, so "Café  Ole" finds "cafe ole". */
export function searchKey(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').replace(/\s+/gu, ' ').toLocaleLowerCase();
}

/** Indexes of the turns whose text contains the query (none for a blank query). */
export function matchingTurns(segments: readonly Segment[], query: string): number[] {
  const needle = searchKey(query).trim();
  if (!needle) return [];
  const found: number[] = [];
  segments.forEach((segment, index) => {
    if (searchKey(segment.text).includes(needle)) found.push(index);
  });
  return found;
}

/**
 * The match to go to from turn `fromIndex` (-1: nothing selected): the first at or after it going forward
 * (`includeCurrent`, when the query has just changed) or strictly after it, the last strictly before it going
 * back; wrapping around the ends. Null when nothing matches.
 */
export function stepMatch(
  matches: readonly number[],
  fromIndex: number,
  direction: 1 | -1,
  includeCurrent = false,
): number | null {
  if (matches.length === 0) return null;
  if (direction === 1) {
    const next = matches.find((i) => (includeCurrent ? i >= fromIndex : i > fromIndex));
    return next ?? (matches[0] as number);
  }
  const before = matches.filter((i) => i < fromIndex);
  return before.at(-1) ?? (matches.at(-1) as number);
}
