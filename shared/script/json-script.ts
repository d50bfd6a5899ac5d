/**
 * The JSON script form: an array of entries, each one of
 *   `{"speaker": "Host" | "1" | 1, "text": "..."}`  a turn (a numeric speaker 1 or "1" is "Speaker 1")
 *   `{"chapter": "Title"}`                          a chapter
 *   `{"pause_ms": 800}`                             a pause (0-60000, rounded to whole milliseconds)
 * Other keys are ignored. Inline `[pause ...]` directives in a turn's text split it as in the text form.
 *
 * The array is cut into entries by a small scanner and every entry is parsed on its own, so one broken
 * entry (a missing quote, a trailing comma) is reported with its index and line while the others still
 * parse. A string may not span lines in JSON, so the scanner ends an unclosed string at the line break and
 * takes the entry's brackets as closed there; a later `{` then starts the next entry even without a comma.
 * So a missing closing quote damages one entry, not the rest of the file.
 */

import { collapseWhitespace } from '../text/normalize';
import type { DiagnosticCollector } from './diagnostics';
import type { ItemSink } from './item-sink';
import { MAX_PAUSE_MS, splitPauseDirectives } from './pause-directive';

export const MAX_JSON_SPEAKER_CHARS = 80;

interface EntrySlice {
  start: number;
  end: number;
  line: number;
  lastLine: number;
}

const JSON_EXAMPLE = '`{"speaker": "Host", "text": "Hello"}`, `{"chapter": "Intro"}` or `{"pause_ms": 800}`';

/**
 * True when `text` (LF-normalised) is meant as a JSON script: it starts with `[` followed by `{` or `]`,
 * or it starts with `[` and parses as a JSON array. `[pause 1s]` or `[Host]: hi` stay text.
 */
export function isJsonScript(text: string): boolean {
  let i = skipSpace(text, 0);
  if (text[i] !== '[') return false;
  i = skipSpace(text, i + 1);
  if (text[i] === '{' || text[i] === ']') return true;
  try {
    return Array.isArray(JSON.parse(text));
  } catch {
    return false;
  }
}

export function parseJsonScript(text: string, diagnostics: DiagnosticCollector, sink: ItemSink): void {
  const { entries, emptyEntries, closed, trailingStart, lastLine } = scanTopLevelArray(text);
  for (const empty of emptyEntries) {
    diagnostics.add(
      empty.line,
      'warning',
      'the array has an empty entry (an extra comma)',
      'remove the extra comma',
      text.slice(Math.max(0, empty.offset - 60), empty.offset + 60),
    );
  }
  // Valid JSON (the usual case) is parsed in one call; the scanned slices then only give line numbers.
  const whole = closed && trailingStart === -1 && emptyEntries.length === 0 ? parseWhole(text) : null;
  const reader = new EntryReader(text, diagnostics, sink);
  if (whole !== null && whole.length === entries.length) {
    entries.forEach((slice, index) => reader.read(slice, index, { value: whole[index] }));
  } else {
    entries.forEach((slice, index) => reader.read(slice, index, parseSlice(text, slice)));
  }
  if (!closed) {
    diagnostics.add(
      lastLine,
      'error',
      'the JSON array is not closed',
      'end the script with `]`',
      text.slice(Math.max(0, text.length - 120)),
    );
  } else if (trailingStart !== -1) {
    const line = countLines(text, 0, trailingStart);
    diagnostics.add(
      line,
      'error',
      'there is text after the closing `]` of the JSON array; it was not read',
      'move the entries inside the array or remove the text',
      text.slice(trailingStart, trailingStart + 200),
    );
  }
}

type ParsedEntry = { value: unknown } | { error: string };

function parseWhole(text: string): unknown[] | null {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

function parseSlice(text: string, slice: EntrySlice): ParsedEntry {
  try {
    return { value: JSON.parse(text.slice(slice.start, slice.end)) as unknown };
  } catch (error) {
    return { error: shortJsonError(error) };
  }
}

/** Turns parsed entries into items; no closures per entry (this runs 200k times for a long episode). */
class EntryReader {
  constructor(
    private readonly text: string,
    private readonly diagnostics: DiagnosticCollector,
    private readonly sink: ItemSink,
  ) {}

  read(slice: EntrySlice, index: number, parsed: ParsedEntry): void {
    if ('error' in parsed) {
      this.report(
        slice,
        index,
        `not valid JSON (${parsed.error})`,
        `fix the entry so it reads like ${JSON_EXAMPLE}`,
      );
      return;
    }
    const value = parsed.value;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.report(slice, index, 'an entry must be an object', `write it like ${JSON_EXAMPLE}`);
      return;
    }
    const entry = value as Record<string, unknown>;
    const isTurn = 'speaker' in entry || 'text' in entry;
    const isChapter = 'chapter' in entry;
    const isPause = 'pause_ms' in entry;
    const kindCount = Number(isTurn) + Number(isChapter) + Number(isPause);
    if (kindCount === 0) {
      this.report(
        slice,
        index,
        'it has none of "speaker" and "text", "chapter" or "pause_ms"',
        `write it like ${JSON_EXAMPLE}`,
      );
    } else if (kindCount > 1) {
      const kinds = [isTurn && 'speaker/text', isChapter && 'chapter', isPause && 'pause_ms'].filter(Boolean);
      this.report(
        slice,
        index,
        `it mixes ${kinds.join(' and ')}`,
        'put each turn, chapter and pause in an entry of its own',
      );
    } else if (isChapter) {
      this.readChapter(slice, index, entry.chapter);
    } else if (isPause) {
      this.readPause(slice, index, entry.pause_ms);
    } else {
      this.readTurn(slice, index, entry.speaker, entry.text);
    }
  }

  private readChapter(slice: EntrySlice, index: number, title: unknown): void {
    if (typeof title !== 'string') {
      this.report(
        slice,
        index,
        '"chapter" must be a string',
        'write the title in quotes, e.g. `{"chapter": "Intro"}`',
      );
      return;
    }
    this.sink.chapter(collapseWhitespace(title), slice.line, this.source(slice), `entry at index ${index}: `);
  }

  private readPause(slice: EntrySlice, index: number, ms: unknown): void {
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0 || Math.round(ms) > MAX_PAUSE_MS) {
      this.report(
        slice,
        index,
        `"pause_ms" must be a number of milliseconds from 0 to ${MAX_PAUSE_MS}, not ${JSON.stringify(ms)}`,
        'write e.g. `{"pause_ms": 800}`; for more than 60 seconds use several pauses',
      );
      return;
    }
    this.sink.pause(Math.round(ms), slice.line);
  }

  private readTurn(slice: EntrySlice, index: number, rawSpeaker: unknown, text: unknown): void {
    const speaker = speakerName(rawSpeaker);
    if (typeof speaker !== 'string') {
      this.report(slice, index, speaker.problem, 'write e.g. `"speaker": "Host"` or `"speaker": 1`');
      return;
    }
    if (typeof text !== 'string') {
      this.report(
        slice,
        index,
        '"text" must be a string',
        'write the words in quotes, e.g. `"text": "Hello"`',
      );
      return;
    }
    const name = this.sink.canonicalSpeaker(speaker);
    let said = false;
    let words = '';
    for (const piece of splitPauseDirectives(text)) {
      if (piece.kind === 'text') {
        words += piece.text;
        said ||= piece.text.trim().length > 0;
      } else if (piece.kind === 'pause') {
        this.addTurn(name, words, slice);
        words = '';
        this.sink.pause(piece.durationMs, slice.line);
        said = true;
      } else {
        // Reported and dropped; the turn around it is not split.
        words += ' ';
        this.report(slice, index, piece.message, piece.fix);
        said = true;
      }
    }
    this.addTurn(name, words, slice);
    if (!said) {
      this.diagnostics.add(
        slice.line,
        'warning',
        `entry at index ${index}: this turn of ${name} has no text`,
        'write the words in "text", or remove the entry',
        this.source(slice),
      );
    }
  }

  private addTurn(name: string, words: string, slice: EntrySlice): void {
    const joined = collapseWhitespace(words);
    if (joined.length > 0) this.sink.turn(name, joined, slice.line, slice.lastLine);
  }

  private report(slice: EntrySlice, index: number, message: string, fix: string): void {
    this.diagnostics.add(slice.line, 'error', `entry at index ${index}: ${message}`, fix, this.source(slice));
  }

  private source(slice: EntrySlice): string {
    return this.text.slice(slice.start, Math.min(slice.end, slice.start + 1000));
  }
}

function speakerName(value: unknown): string | { problem: string } {
  if (value === undefined) return { problem: 'a turn needs a "speaker"' };
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= 0) return `Speaker ${value}`;
    return { problem: `"speaker" ${value} is not a whole number` };
  }
  if (typeof value !== 'string') return { problem: '"speaker" must be a name or a number' };
  const name = collapseWhitespace(value);
  if (name.length === 0) return { problem: '"speaker" is empty' };
  if (name.length > MAX_JSON_SPEAKER_CHARS) {
    return { problem: `"speaker" is ${name.length} characters long (at most ${MAX_JSON_SPEAKER_CHARS})` };
  }
  return /^\d+$/.test(name) ? `Speaker ${Number(name)}` : name;
}

function shortJsonError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // Node adds the whole input: `Unexpected token ']', "[{"a":1},]" is not valid JSON`.
  const quoted = message.indexOf(', "');
  const short = quoted !== -1 && message.endsWith('is not valid JSON') ? message.slice(0, quoted) : message;
  return short.length > 100 ? `${short.slice(0, 99)}…` : short;
}

function skipSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\t')) i++;
  return i;
}

function countLines(text: string, from: number, to: number): number {
  let line = 1;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

const NEWLINE = 0x0a;
const TAB = 0x09;
const SPACE = 0x20;
const COMMA = 0x2c;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const BRACKET_OPEN = 0x5b;
const BRACKET_CLOSE = 0x5d;
const BRACE_OPEN = 0x7b;
const BRACE_CLOSE = 0x7d;

interface ScannedArray {
  entries: EntrySlice[];
  /** Offsets of the separators (`,` or `]`) that close an empty entry. */
  emptyEntries: Array<{ offset: number; line: number }>;
  closed: boolean;
  /** Offset of the first non-space character after the closing `]`, or -1. */
  trailingStart: number;
  lastLine: number;
}

/** Cuts the top-level array into entry slices in one pass (see the file comment). */
function scanTopLevelArray(text: string): ScannedArray {
  const entries: EntrySlice[] = [];
  const emptyEntries: Array<{ offset: number; line: number }> = [];
  let line = 1;
  let i = 0;
  const length = text.length;
  for (; i < length && text.charCodeAt(i) !== BRACKET_OPEN; i++) if (text.charCodeAt(i) === NEWLINE) line++;
  let depth = 0;
  let start = -1;
  let startLine = 0;
  let lastContentEnd = -1;
  let lastContentLine = 0;
  let afterComma = false;
  let closed = false;
  /** The current entry had a string cut at a line break. */
  let broken = false;

  const finishEntry = (separatorOffset: number): void => {
    if (start === -1) {
      if (afterComma || entries.length === 0) emptyEntries.push({ offset: separatorOffset, line });
    } else {
      entries.push({ start, end: lastContentEnd, line: startLine, lastLine: lastContentLine });
    }
    start = -1;
    broken = false;
  };

  for (i++; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === NEWLINE) {
      line++;
      continue;
    }
    if (c === SPACE || c === TAB) continue;
    if (depth === 0 && c === COMMA) {
      finishEntry(i);
      afterComma = true;
      continue;
    }
    if (depth === 0 && c === BRACKET_CLOSE) {
      if (start !== -1 || afterComma) finishEntry(i);
      closed = true;
      i++;
      break;
    }
    if (broken && depth === 0 && (c === BRACE_OPEN || c === BRACKET_OPEN)) finishEntry(i);
    if (start === -1) {
      start = i;
      startLine = line;
    }
    lastContentLine = line;
    if (c === QUOTE) {
      // Skip the string; it ends at its closing quote, or (broken) at a line break.
      for (i++; i < length; i++) {
        const s = text.charCodeAt(i);
        if (s === QUOTE) break;
        if (s === BACKSLASH && text.charCodeAt(i + 1) !== NEWLINE) i++;
        else if (s === NEWLINE) break;
      }
      if (i >= length || text.charCodeAt(i) === NEWLINE) {
        lastContentEnd = Math.min(i, length);
        depth = 0;
        broken = true;
        i--; // let the loop count the line break
        continue;
      }
    } else if (c === BRACE_OPEN || c === BRACKET_OPEN) {
      depth++;
    } else if ((c === BRACE_CLOSE || c === BRACKET_CLOSE) && depth > 0) {
      depth--;
    }
    lastContentEnd = i + 1;
  }
  if (!closed && start !== -1) finishEntry(i);

  let trailingStart = -1;
  if (closed) {
    const next = skipSpace(text, i);
    if (next < text.length) trailingStart = next;
  }
  return { entries, emptyEntries, closed, trailingStart, lastLine: line };
}
