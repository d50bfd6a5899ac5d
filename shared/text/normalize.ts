/** Whitespace and Unicode normalisation shared by the parser, the chunker and the take cache keys. */

/** True for exactly the characters the regex `\s` matches. */
export function isWhitespaceCode(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/**
 * Collapses every run of whitespace (spaces, tabs, newlines, NBSP, ideographic space, BOM, ...) to one
 * ASCII space and trims both ends. Everything else, quotes and emoji included, is kept as written.
 */
export function collapseWhitespace(text: string): string {
  // Fast path without allocation: most script lines are already clean.
  const length = text.length;
  if (length === 0) return text;
  let clean = !isWhitespaceCode(text.charCodeAt(0)) && !isWhitespaceCode(text.charCodeAt(length - 1));
  for (let i = 1; clean && i < length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x20) clean = text.charCodeAt(i + 1) !== 0x20;
    else if (code < 0x21 || code >= 0xa0) clean = !isWhitespaceCode(code);
  }
  return clean ? text : text.replace(/\s+/g, ' ').trim();
}

/**
 * The form of a text used in cache keys: Unicode NFC (so a precomposed "é" and "e" + combining accent are
 * the same take) with whitespace collapsed and trimmed. Quotes, case and punctuation are kept: they change
 * how an engine reads the text.
 */
export function normalizeText(text: string): string {
  return collapseWhitespace(text.normalize('NFC'));
}
