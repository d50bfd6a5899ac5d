/**
 * Subtitle cues from timed turns. A long turn becomes several cues of at most `maxLines` lines of
 * `maxLineChars` characters: split at sentence ends first, then at clause punctuation, then between
 * words (a word longer than a whole cue is cut). The turn's time is shared out by character count, so
 * the first cue starts exactly at the turn's start and the last ends exactly at its end; cues never
 * overlap and each lasts at least 1 ms.
 *
 * Turns are taken in time order. A turn that runs into the next one is cut at the next one's start;
 * turns with no text or no duration left produce no cue (they cannot be shown).
 */
import { normaliseSpace, sortedTurns, validateTurns } from './timed-turn';
import type { TimedTurn } from './timed-turn';

export interface CueOptions {
  /** Characters per line (default 42, the common broadcast limit). */
  maxLineChars?: number;
  /** Lines per cue (default 2). */
  maxLines?: number;
  /** Start the first cue of each turn with "Speaker: " (SRT has no other way to name the speaker). */
  speakerPrefix?: boolean;
}

export interface Cue {
  startMs: number;
  endMs: number;
  speaker: string;
  lines: string[];
  /** True for the first cue of a turn. */
  firstOfTurn: boolean;
}

const SENTENCE_END = /(?<=[.!?…]["'”’»)\]]*)\s+/u;
const CLAUSE_END = /(?<=[,;:–—])\s+/u;

function length(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/** Greedy word wrap; words longer than a line are cut into line-sized pieces. */
export function wrapLines(text: string, maxLineChars: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    if (word === '') continue;
    if (length(word) > maxLineChars) {
      if (current !== '') lines.push(current);
      const chars = Array.from(word);
      for (let i = 0; i < chars.length; i += maxLineChars)
        lines.push(chars.slice(i, i + maxLineChars).join(''));
      current = lines.pop() ?? '';
      continue;
    }
    if (current === '') current = word;
    else if (length(current) + 1 + length(word) <= maxLineChars) current += ` ${word}`;
    else {
      lines.push(current);
      current = word;
    }
  }
  if (current !== '') lines.push(current);
  return lines;
}

/** Splits normalised text into cue texts that each wrap into at most maxLines lines. */
export function splitIntoCueTexts(text: string, maxLineChars: number, maxLines: number): string[] {
  const fits = (candidate: string) => wrapLines(candidate, maxLineChars).length <= maxLines;
  const cues: string[] = [];
  let current = '';
  const place = (unit: string) => {
    const candidate = current === '' ? unit : `${current} ${unit}`;
    if (fits(candidate)) current = candidate;
    else {
      if (current !== '') cues.push(current);
      current = unit;
    }
  };
  const placeWord = (word: string) => {
    if (fits(word)) {
      place(word);
      return;
    }
    const chars = Array.from(word);
    const size = maxLineChars * maxLines;
    for (let i = 0; i < chars.length; i += size) place(chars.slice(i, i + size).join(''));
  };
  for (const sentence of text.split(SENTENCE_END)) {
    if (fits(sentence)) {
      place(sentence);
      continue;
    }
    for (const clause of sentence.split(CLAUSE_END)) {
      if (fits(clause)) place(clause);
      else
        clause
          .split(' ')
          .filter((word) => word !== '')
          .forEach(placeWord);
    }
  }
  if (current !== '') cues.push(current);
  return cues;
}

/** Cue boundaries: shares of the duration by character count, strictly increasing, ends fixed. */
function boundaries(startMs: number, endMs: number, weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  const duration = endMs - startMs;
  const out = [startMs];
  let cumulative = 0;
  for (let i = 0; i < weights.length - 1; i++) {
    cumulative += weights[i] as number;
    out.push(startMs + Math.round((duration * cumulative) / total));
  }
  out.push(endMs);
  const last = out.length - 1;
  for (let i = 1; i < last; i++) out[i] = Math.max(out[i] as number, (out[i - 1] as number) + 1);
  for (let i = last - 1; i >= 1; i--) out[i] = Math.min(out[i] as number, (out[i + 1] as number) - 1);
  return out;
}

export function buildCues(turns: readonly TimedTurn[], options: CueOptions = {}): Cue[] {
  const maxLineChars = options.maxLineChars ?? 42;
  const maxLines = options.maxLines ?? 2;
  validateTurns(turns);
  const ordered = sortedTurns(turns);
  const cues: Cue[] = [];
  ordered.forEach((turn, index) => {
    const text = normaliseSpace(turn.text);
    const next = ordered[index + 1];
    const endMs =
      next !== undefined && next.startMs < turn.endMs ? Math.max(turn.startMs, next.startMs) : turn.endMs;
    const duration = endMs - turn.startMs;
    if (text === '' || duration <= 0) return;
    const display = options.speakerPrefix === true ? `${normaliseSpace(turn.speaker)}: ${text}` : text;
    let pieces = splitIntoCueTexts(display, maxLineChars, maxLines);
    // Too short to give every cue a millisecond: show the turn as one (over-long) cue.
    if (pieces.length > duration) pieces = [pieces.join(' ')];
    const times = boundaries(turn.startMs, endMs, pieces.map(length));
    pieces.forEach((piece, i) => {
      cues.push({
        startMs: times[i] as number,
        endMs: times[i + 1] as number,
        speaker: turn.speaker,
        lines: wrapLines(piece, maxLineChars),
        firstOfTurn: i === 0,
      });
    });
  });
  return cues;
}
