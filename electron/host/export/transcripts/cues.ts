/**
 * Subtitle cues from timed turns. A long turn becomes several cues of at most `maxLines` lines of
 * `maxLineChars` columns (display width: CJK characters take two): split at sentence ends first, then at clause punctuation, then between
 * words (a word longer than a whole cue is cut). The turn's time is shared out by character count, so
 * the first cue starts exactly at the turn's start and the last ends exactly at its end; cues never
 * overlap and each lasts at least 1 ms.
 *
 * Turns are taken in time order. A turn that runs into the next one is cut at the next one's start;
 * turns with no text or no duration left produce no cue (they cannot be shown).
 */
import { normaliseSpace, sortedTurns, validateTurns } from './timed-turn';
import type { TimedTurn } from './timed-turn';
import { displayWidth } from '../../../../shared/text/writing-system';

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

const SENTENCE_END = /(?<=[.!?…]["'”’»)\]]*)\s+|(?<=[。！？．][」』）”’]*)(?![」』）”’])\s*/u;
const CLAUSE_END = /(?<=[,;:–—])\s+|(?<=[，、；：])\s*/u;

/** A piece a line may break before: a word, or one CJK character with the punctuation after it. */
interface Atom {
  text: string;
  /** A space separates it from the atom before. */
  spaced: boolean;
}

const WIDE_CHAR =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303F\uFF00-\uFF60]/u;
/** Never at the start of a line (kinsoku): closing punctuation stays with what it closes. */
const NO_LINE_START = /^[、。，．！？；：」』）】〉》〕］｝”’…・ー]/u;

/** Below U+1100 nothing is wide, so the common case needs no per-character look. */
const ALL_NARROW = /^[^\u1100-\u{10FFFF}]*$/u;

function atomsOf(text: string): Atom[] {
  if (ALL_NARROW.test(text))
    return text
      .split(' ')
      .filter((word) => word !== '')
      .map((word, index) => ({ text: word, spaced: index > 0 }));
  const atoms: Atom[] = [];
  let spaced = false;
  let word = '';
  const flush = () => {
    if (word !== '') atoms.push({ text: word, spaced });
    word = '';
    spaced = false;
  };
  for (const char of text) {
    if (char === ' ') {
      flush();
      spaced = atoms.length > 0;
    } else if (WIDE_CHAR.test(char)) {
      const last = atoms.at(-1);
      if (word === '' && !spaced && last && NO_LINE_START.test(char)) last.text += char;
      else {
        flush();
        atoms.push({ text: char, spaced });
        spaced = false;
      }
    } else if (word === '' && !spaced && NO_LINE_START.test(char) && atoms.length > 0) {
      (atoms.at(-1) as Atom).text += char;
    } else {
      const last = atoms.at(-1);
      // A word right after a CJK character with no space: a line may break between them.
      if (word === '' && !spaced && last !== undefined && !WIDE_CHAR.test(last.text.at(-1) ?? '')) {
        word = (atoms.pop() as Atom).text;
        spaced = last.spaced;
      }
      word += char;
    }
  }
  flush();
  return atoms;
}

/** Cuts an atom wider than a line into line-wide pieces. */
function cutToWidth(text: string, maxWidth: number): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const char of text) {
    if (current !== '' && displayWidth(current + char) > maxWidth) {
      pieces.push(current);
      current = '';
    }
    current += char;
  }
  if (current !== '') pieces.push(current);
  return pieces;
}

/**
 * Greedy wrap by display width (East Asian Wide and Fullwidth characters take two columns): lines break at
 * spaces and between CJK characters (never before closing punctuation); words wider than a line are cut.
 */
export function wrapLines(text: string, maxLineChars: number): string[] {
  const lines: string[] = [];
  let current = '';
  let currentWidth = 0;
  for (const atom of atomsOf(text)) {
    const atomWidth = displayWidth(atom.text);
    const gap = current !== '' && atom.spaced ? 1 : 0;
    if (currentWidth + gap + atomWidth <= maxLineChars) {
      current = `${current}${gap === 1 ? ' ' : ''}${atom.text}`;
      currentWidth += gap + atomWidth;
      continue;
    }
    if (current !== '') lines.push(current);
    if (atomWidth > maxLineChars) {
      const pieces = cutToWidth(atom.text, maxLineChars);
      current = pieces.pop() ?? '';
      lines.push(...pieces);
    } else current = atom.text;
    currentWidth = displayWidth(current);
  }
  if (current !== '') lines.push(current);
  return lines;
}

/** Two pieces of a text joined as the text had them: with a space, except between CJK characters. */
function joinUnits(before: string, after: string): string {
  return WIDE_CHAR.test(before.at(-1) ?? '') && WIDE_CHAR.test(after[0] ?? '')
    ? `${before}${after}`
    : `${before} ${after}`;
}

/** Splits normalised text into cue texts that each wrap into at most maxLines lines. */
export function splitIntoCueTexts(text: string, maxLineChars: number, maxLines: number): string[] {
  const fits = (candidate: string) => wrapLines(candidate, maxLineChars).length <= maxLines;
  const cues: string[] = [];
  let current = '';
  const place = (unit: string) => {
    const candidate = current === '' ? unit : joinUnits(current, unit);
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
    for (const line of wrapLines(word, maxLineChars)) place(line);
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
      // (a CJK clause with no spaces is cut into lines by wrapLines inside placeWord)
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
    const times = boundaries(turn.startMs, endMs, pieces.map(displayWidth));
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
