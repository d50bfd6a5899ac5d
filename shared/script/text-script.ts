/**
 * The plain-text script form, line by line.
 *
 * - `Name: text` (see speaker-prefix.ts) starts a turn. `Name:` alone starts a turn whose text follows on
 *   the next lines; blank lines between the label and its text are allowed.
 * - A line without a label continues the turn above, joined with a single space.
 * - A blank line ends the turn. An unlabelled line after a blank line (or after a heading or a pause) is a
 *   new paragraph of the most recent speaker and becomes its own turn by that speaker. Once two or more
 *   speakers have spoken, an unlabelled line after a blank line or a heading also gets a warning: in a
 *   conversation it is more often a forgotten name than a new paragraph.
 * - An unlabelled line before any speaker is an error: nobody would say it. Its text is in the excerpt.
 * - `# Title` and `## Title` (up to six `#`, then a space) are chapters; closing hashes (`## Title ##`) are
 *   dropped, a `#` inside a word (`C#`) is kept. A heading ends the turn; `#hashtag` is ordinary text.
 * - `[pause ...]` directives (pause-directive.ts) become pause items wherever they are: on their own line,
 *   or inside a turn, which is then split into turn, pause, turn of the same speaker (both halves keep the
 *   line number). A turn label with nothing but a pause after it (`Host: [pause 1s] ...`) keeps waiting for
 *   its text. A malformed directive is reported and dropped, and the turn around it is not split.
 *   Other bracketed or parenthesised stage directions stay in the text untouched.
 * - Control characters in an otherwise readable line are removed with a warning.
 */

import { collapseWhitespace } from '../text/normalize';
import type { DiagnosticCollector } from './diagnostics';
import { CONTROL_CHARS_GLOBAL } from './input-text';
import type { ItemSink } from './item-sink';
import { splitPauseDirectives } from './pause-directive';
import { matchSpeakerPrefix } from './speaker-prefix';

// eslint-disable-next-line no-control-regex
const HAS_CONTROL = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F]/;
const MAX_HEADING_LEVEL = 6;

interface OpenTurn {
  speaker: string;
  line: number;
  lastLine: number;
  pieces: string[];
  /** The label's own line already produced a pause or a diagnostic, so an empty turn needs no warning. */
  labelLineCovered: boolean;
  source: string;
}

/** `mayHoldControls`: false when the caller knows the text has no control characters (skips a check per line). */
export function parseTextLines(
  lines: readonly string[],
  diagnostics: DiagnosticCollector,
  sink: ItemSink,
  mayHoldControls = true,
): void {
  let open: OpenTurn | null = null;
  let lastSpeaker: string | null = null;
  /** Speakers with a label so far, and whether the line before was blank or a heading. */
  const labelled = new Set<string>();
  let afterBreak = false;

  const close = (): void => {
    if (open === null) return;
    if (open.pieces.length > 0) {
      sink.turn(open.speaker, open.pieces.join(' '), open.line, open.lastLine);
    } else if (!open.labelLineCovered) {
      diagnostics.add(
        open.line,
        'warning',
        `this turn of ${open.speaker} has no text`,
        'write the words after the colon (or on the next line), or remove the line',
        open.source,
      );
    }
    open = null;
  };

  /** Adds the text and pauses of `content` (from line `lineNo`) to the current speaker. */
  const feed = (content: string, lineNo: number, source: string, speaker: string): void => {
    for (const piece of splitPauseDirectives(content)) {
      if (piece.kind === 'text') {
        const text = collapseWhitespace(piece.text);
        if (text.length === 0) continue;
        open ??= { speaker, line: lineNo, lastLine: lineNo, pieces: [], labelLineCovered: false, source };
        open.pieces.push(text);
        open.lastLine = lineNo;
      } else if (piece.kind === 'pause') {
        if (open !== null && open.pieces.length > 0) close();
        if (open !== null && open.line === lineNo) open.labelLineCovered = true;
        sink.pause(piece.durationMs, lineNo);
      } else {
        // A broken directive is dropped (the diagnostic shows it) and the turn goes on unsplit.
        if (open !== null && open.line === lineNo) open.labelLineCovered = true;
        diagnostics.add(lineNo, 'error', piece.message, piece.fix, source);
      }
    }
  };

  for (let index = 0; index < lines.length; index++) {
    const lineNo = index + 1;
    const source = lines[index] as string;
    let raw = source;
    if (mayHoldControls && HAS_CONTROL.test(raw)) {
      const count = raw.match(CONTROL_CHARS_GLOBAL)?.length ?? 0;
      raw = raw.replace(CONTROL_CHARS_GLOBAL, ' ');
      diagnostics.add(
        lineNo,
        'warning',
        count === 1
          ? 'this line held an invisible control character, which was removed'
          : `this line held ${count} invisible control characters, which were removed`,
        'check that the line reads as intended; retype it if words look broken',
        source,
      );
    }
    const line = collapseWhitespace(raw);
    if (line.length === 0) {
      if (open !== null && open.pieces.length > 0) close();
      afterBreak = true;
      continue;
    }
    const paragraphStart = afterBreak;
    afterBreak = false;

    if (line.charCodeAt(0) === 0x23 /* # */) {
      let level = 0;
      while (level < line.length && line[level] === '#') level++;
      if (level <= MAX_HEADING_LEVEL && (level === line.length || line[level] === ' ')) {
        close();
        sink.chapter(stripClosingHashes(line.slice(level).trim()), lineNo, source);
        afterBreak = true;
        continue;
      }
    }

    const prefix = matchSpeakerPrefix(line);
    if (prefix !== null && prefix.kind === 'speaker') {
      close();
      const speaker = sink.canonicalSpeaker(prefix.name);
      lastSpeaker = speaker;
      labelled.add(speaker);
      open = { speaker, line: lineNo, lastLine: lineNo, pieces: [], labelLineCovered: false, source };
      feed(prefix.rest, lineNo, source, speaker);
      continue;
    }

    if (lastSpeaker === null) {
      const pieces = splitPauseDirectives(line);
      const onlyPauses = pieces.every((p) => p.kind !== 'text' || p.text.trim().length === 0);
      if (onlyPauses) {
        // Pauses need no speaker: a script may open with silence.
        for (const piece of pieces) {
          if (piece.kind === 'pause') sink.pause(piece.durationMs, lineNo);
          else if (piece.kind === 'bad-pause')
            diagnostics.add(lineNo, 'error', piece.message, piece.fix, source);
        }
      } else if (prefix !== null) {
        diagnostics.add(
          lineNo,
          'error',
          `"${prefix.label}" looks like a speaker label, but ${prefix.reason}`,
          "use a name of at most 40 letters, digits, spaces and . ' -, e.g. `[Host]: ...`",
          source,
        );
      } else {
        diagnostics.add(
          lineNo,
          'error',
          'this line comes before the first speaker, so nobody would say it',
          'start the line with a speaker name, e.g. `Host: ...`, or make it a chapter heading with `# `',
          source,
        );
      }
      continue;
    }

    if (prefix !== null) {
      diagnostics.add(
        lineNo,
        'warning',
        `"${prefix.label}" looks like a speaker label, but ${prefix.reason}; the line was read as words of ${lastSpeaker}`,
        "use a name of at most 40 letters, digits, spaces and . ' -, e.g. `[Host]: ...`",
        source,
      );
    }
    if (paragraphStart && open === null && labelled.size >= 2 && prefix === null) {
      const other = [...labelled].find((speaker) => speaker !== lastSpeaker) ?? 'Guest';
      diagnostics.add(
        lineNo,
        'warning',
        `this line has no speaker name, so it was read as a new turn of ${lastSpeaker}`,
        `if someone else says it, start the line with their name, e.g. \`${other}: ...\``,
        source,
      );
    }
    feed(line, lineNo, source, lastSpeaker);
  }
  close();
}

/** `Title ##` -> `Title`; `C#` stays; a title made only of hashes is empty. */
function stripClosingHashes(title: string): string {
  let end = title.length;
  while (end > 0 && title[end - 1] === '#') end--;
  if (end === title.length) return title;
  if (end === 0) return '';
  return title[end - 1] === ' ' ? title.slice(0, end).trim() : title;
}
