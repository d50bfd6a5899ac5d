/** First steps on raw script input: line endings, lines, and telling text from binary garbage. */

/** Strips a UTF-8 BOM and turns CRLF and lone CR into LF. */
export function normalizeLineEndings(input: string): string {
  const withoutBom = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  return withoutBom.indexOf('\r') === -1 ? withoutBom : withoutBom.replace(/\r\n?/g, '\n');
}

/** Number of lines of LF-normalised text, counted like splitLines does, without splitting. */
export function countLines(text: string): number {
  if (text.length === 0) return 0;
  let count = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  return text.charCodeAt(text.length - 1) === 0x0a ? count - 1 : count;
}

/** The text of 1-based line `lineNo` (at most `maxChars` of it), or '' past the end. */
export function lineText(text: string, lineNo: number, maxChars = 500): string {
  let start = 0;
  for (let line = 1; line < lineNo; line++) {
    const next = text.indexOf('\n', start);
    if (next === -1) return '';
    start = next + 1;
  }
  const end = text.indexOf('\n', start);
  return text.slice(start, Math.min(end === -1 ? text.length : end, start + maxChars));
}

/** Lines of LF-normalised text; a final line break does not start another line. */
export function splitLines(text: string): string[] {
  if (text.length === 0) return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * C0 controls except tab, LF, VT, FF, CR; DEL; C1 controls. These never belong in a script. (VT and FF are
 * whitespace and are collapsed like spaces.)
 */
// eslint-disable-next-line no-control-regex
export const CONTROL_CHARS_GLOBAL = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F]/g;
// eslint-disable-next-line no-control-regex
const SUSPICIOUS_CHAR = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F\uFFFD]/;

export interface BinaryVerdict {
  /** Line of the first suspicious character. */
  line: number;
  message: string;
  fix: string;
}

export interface TextQuality {
  /** Set when the input is not text at all: the parser then reports this one problem only. */
  binary: BinaryVerdict | null;
  /** Line of the first U+FFFD replacement character in otherwise readable text, or 0. */
  firstReplacementCharLine: number;
  replacementChars: number;
  /** The text holds control characters (which the line parser then removes). */
  controls: boolean;
}

function isControl(code: number): boolean {
  return (
    (code <= 0x1f && code !== 0x09 && code !== 0x0a && code !== 0x0b && code !== 0x0c && code !== 0x0d) ||
    (code >= 0x7f && code <= 0x9f)
  );
}

function isWhitespace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d) || code === 0xa0 || code === 0x3000;
}

/**
 * Looks at every character once. The input is binary (or text in the wrong encoding) when NUL characters
 * make up 1% or more of it (UTF-16 read as UTF-8 is half NULs), or when control characters plus U+FFFD
 * replacement characters make up 10% or more of the non-space characters (at least 4 of them), or 30% or
 * more of a short input. Below that, stray controls are removed line by line with a warning and U+FFFD
 * earns one warning about the encoding.
 */
export function inspectText(text: string): TextQuality {
  // Fast path: one native scan finds nothing suspicious in almost every real script.
  if (!SUSPICIOUS_CHAR.test(text))
    return { binary: null, firstReplacementCharLine: 0, replacementChars: 0, controls: false };
  let nul = 0;
  let suspicious = 0;
  let replacement = 0;
  let nonSpace = 0;
  let firstSuspicious = -1;
  let firstReplacement = -1;
  let controls = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80 && code > 0x20 && code !== 0x7f) {
      nonSpace++;
      continue;
    }
    if (isWhitespace(code)) continue;
    nonSpace++;
    if (code === 0xfffd) {
      replacement++;
      suspicious++;
      if (firstReplacement === -1) firstReplacement = i;
      if (firstSuspicious === -1) firstSuspicious = i;
    } else if (isControl(code)) {
      controls = true;
      suspicious++;
      if (code === 0) nul++;
      if (firstSuspicious === -1) firstSuspicious = i;
    }
  }
  const ratio = suspicious / Math.max(1, nonSpace);
  const binary =
    (nul >= 2 && nul >= text.length * 0.01) ||
    (suspicious >= 4 && ratio >= 0.1) ||
    (suspicious >= 1 && ratio >= 0.3);
  if (binary) {
    const utf16 = nul >= text.length * 0.25;
    return {
      binary: {
        line: lineAt(text, firstSuspicious),
        message:
          `this does not look like a text script: ${suspicious} of ${nonSpace} characters are ` +
          (utf16
            ? 'NUL characters, as in a file saved as UTF-16'
            : 'control characters or undecodable bytes (�)'),
        fix: utf16
          ? 'save the script as UTF-8 text (in most editors: Save As, encoding UTF-8) and open it again'
          : 'open a plain-text script (.txt, UTF-8) or a JSON script; from Word or PDF, copy the text into a .txt file first',
      },
      firstReplacementCharLine: 0,
      replacementChars: replacement,
      controls,
    };
  }
  return {
    binary: null,
    firstReplacementCharLine: firstReplacement === -1 ? 0 : lineAt(text, firstReplacement),
    replacementChars: replacement,
    controls,
  };
}

/** 1-based line of offset `index` in LF-normalised text. */
export function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
