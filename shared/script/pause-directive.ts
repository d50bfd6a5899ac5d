/**
 * Pause directives inside script text: `[pause]` (1 s), `[pause 1.5s]`, `[pause 800ms]`, `[pause 2 s]`,
 * case-insensitive; also accepted: `[pause: 2s]`, `[pause=2s]`, a decimal comma (`[pause 1,5s]`) and the
 * units `ms`/`msec`/`millisecond(s)`, `s`/`sec(s)`/`second(s)`, `min`/`minute(s)`.
 * A number without a unit, a negative or over-long pause and anything else inside `[pause ...]` is a
 * problem the producer must fix; `[pauses]` or `[pausing]` are ordinary stage directions and stay text.
 */

export const DEFAULT_PAUSE_MS = 1000;
export const MAX_PAUSE_MS = 60_000;

export type PausePiece =
  | { kind: 'text'; text: string }
  | { kind: 'pause'; durationMs: number }
  | { kind: 'bad-pause'; directive: string; message: string; fix: string };

/** `[` `pause` (not followed by a letter) anything-but-brackets `]`. Linear: the class stops at brackets. */
const DIRECTIVE = /\[\s*pause(?!\p{L})([^[\]]*)\]/giu;
const ARGUMENT = /^\s*[:=]?\s*(?:(-\s*)?(\d+(?:[.,]\d*)?|[.,]\d+)\s*([\p{L}]+)?)?\s*$/iu;
const MAX_ARGUMENT_CHARS = 40;

const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  msec: 1,
  msecs: 1,
  millisecond: 1,
  milliseconds: 1,
  s: 1000,
  sec: 1000,
  secs: 1000,
  second: 1000,
  seconds: 1000,
  min: 60_000,
  mins: 60_000,
  minute: 60_000,
  minutes: 60_000,
};

const FORMAT_FIX = 'write `[pause]` (1 second), `[pause 1.5s]` or `[pause 800ms]`';

/** Splits text at pause directives. Text pieces are returned as written (not trimmed). */
export function splitPauseDirectives(text: string): PausePiece[] {
  if (text.indexOf('[') === -1) return [{ kind: 'text', text }];
  const pieces: PausePiece[] = [];
  let last = 0;
  DIRECTIVE.lastIndex = 0;
  for (let match = DIRECTIVE.exec(text); match !== null; match = DIRECTIVE.exec(text)) {
    if (match.index > last) pieces.push({ kind: 'text', text: text.slice(last, match.index) });
    pieces.push(parsePauseDirective(match[0], match[1] ?? ''));
    last = match.index + match[0].length;
  }
  if (last < text.length) pieces.push({ kind: 'text', text: text.slice(last) });
  return pieces;
}

function parsePauseDirective(directive: string, argument: string): PausePiece {
  const shown = directive.length > 60 ? `${directive.slice(0, 59)}…` : directive;
  const parsed = argument.length <= MAX_ARGUMENT_CHARS ? ARGUMENT.exec(argument) : null;
  if (parsed === null) {
    return { kind: 'bad-pause', directive, message: `"${shown}" is not a pause length`, fix: FORMAT_FIX };
  }
  const [, minus, digits, unit] = parsed;
  if (digits === undefined) return { kind: 'pause', durationMs: DEFAULT_PAUSE_MS };
  if (unit === undefined) {
    return {
      kind: 'bad-pause',
      directive,
      message: `"${shown}" has no unit`,
      fix: 'add a unit: `[pause 2s]` for seconds or `[pause 800ms]` for milliseconds',
    };
  }
  const factor = UNIT_MS[unit.toLowerCase()];
  if (factor === undefined) {
    return {
      kind: 'bad-pause',
      directive,
      message: `"${shown}" has an unknown unit "${unit}"`,
      fix: FORMAT_FIX,
    };
  }
  const value = Number(digits.replace(',', '.'));
  const durationMs = Math.round(value * factor);
  if (minus !== undefined && durationMs !== 0) {
    return {
      kind: 'bad-pause',
      directive,
      message: `"${shown}" is a negative pause`,
      fix: 'use a pause between 0 and 60 seconds, e.g. `[pause 1.5s]`',
    };
  }
  if (!Number.isFinite(durationMs) || durationMs > MAX_PAUSE_MS) {
    return {
      kind: 'bad-pause',
      directive,
      message: `"${shown}" is longer than the 60-second limit`,
      fix: 'use a pause of at most 60 seconds (`[pause 60s]`); for more silence, put several pauses in a row',
    };
  }
  return { kind: 'pause', durationMs };
}
