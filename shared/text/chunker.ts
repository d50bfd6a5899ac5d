import { findBoundaries } from './boundaries';
import { collapseWhitespace } from './normalize';

/**
 * Splits text for an engine that takes at most `maxChars` characters (UTF-16 code units) at a time.
 *
 * The text is whitespace-normalised first. Each chunk is the longest piece from the current position that
 * fits and ends at the strongest boundary available in that window: a sentence end (so consecutive
 * sentences are packed greedily), else a clause end (`, ; : — –`), else a space; only a single word longer
 * than `maxChars` is hard-split, between grapheme clusters (never inside a surrogate pair, a combining
 * sequence or an emoji sequence; a lone cluster longer than `maxChars` becomes its own chunk).
 *
 * Every chunk is a slice of the normalised text. Joining the chunks with single spaces gives the normalised
 * text back exactly, except where a cut falls where the text has no space (after CJK punctuation such as
 * `。` or `，`, or inside a hard-split word): there the neighbouring chunks join directly.
 *
 * @throws RangeError when `maxChars` is not a number >= 1 (Infinity is allowed: one chunk).
 */
export function chunkText(text: string, maxChars: number): string[] {
  if (!(maxChars >= 1)) {
    throw new RangeError(`chunkText: maxChars must be a number of characters >= 1, got ${String(maxChars)}`);
  }
  const limitChars = Math.floor(maxChars);
  const normalized = collapseWhitespace(text);
  if (normalized.length === 0) return [];
  if (normalized.length <= limitChars) return [normalized];

  const boundaries = findBoundaries(normalized);
  const levels = [boundaries.sentence, boundaries.clause, boundaries.word];
  const chunks: string[] = [];
  let start = 0;
  while (start < normalized.length) {
    if (normalized.length - start <= limitChars) {
      chunks.push(normalized.slice(start));
      break;
    }
    const limit = start + limitChars;
    let end = -1;
    for (const ends of levels) {
      const candidate = lastAtOrBelow(ends, limit);
      if (candidate > start) {
        end = candidate;
        break;
      }
    }
    if (end === -1) end = hardSplitEnd(normalized, start, limitChars);
    chunks.push(normalized.slice(start, end));
    start = normalized[end] === ' ' ? end + 1 : end;
  }
  return chunks;
}

/**
 * Splits text into sentences (see `findBoundaries` for what ends a sentence). The text is
 * whitespace-normalised first; sentences come back trimmed.
 */
export function splitSentences(text: string): string[] {
  const normalized = collapseWhitespace(text);
  if (normalized.length === 0) return [];
  const sentences: string[] = [];
  let start = 0;
  for (const end of findBoundaries(normalized).sentence) {
    sentences.push(normalized.slice(start, end));
    start = normalized[end] === ' ' ? end + 1 : end;
  }
  sentences.push(normalized.slice(start));
  return sentences;
}

/** The largest value in ascending `sorted` that is <= `limit`, or -1. */
function lastAtOrBelow(sorted: readonly number[], limit: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const value = sorted[mid] as number;
    if (value <= limit) {
      found = value;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

/** Slack read past the limit so that the grapheme cluster straddling it is seen whole. */
const CLUSTER_LOOKAHEAD = 64;
let graphemeSegmenter: Intl.Segmenter | null | undefined;

/** End offset of a hard split of the word at `start`: the last grapheme boundary within `limitChars`. */
function hardSplitEnd(text: string, start: number, limitChars: number): number {
  graphemeSegmenter ??=
    typeof Intl.Segmenter === 'function' ? new Intl.Segmenter('und', { granularity: 'grapheme' }) : null;
  const window = text.slice(start, start + limitChars + CLUSTER_LOOKAHEAD);
  if (graphemeSegmenter === null) {
    let cut = Math.min(limitChars, window.length);
    const code = window.charCodeAt(cut - 1);
    if (cut < window.length && code >= 0xd800 && code <= 0xdbff) cut = cut > 1 ? cut - 1 : cut + 1;
    return start + cut;
  }
  let best = 0;
  let firstEnd = window.length;
  for (const { index, segment } of graphemeSegmenter.segment(window)) {
    const segmentEnd = index + segment.length;
    if (index === 0) firstEnd = segmentEnd;
    if (segmentEnd > limitChars) break;
    best = segmentEnd;
  }
  return start + (best > 0 ? best : firstEnd);
}
