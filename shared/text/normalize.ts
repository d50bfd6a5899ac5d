/** Whitespace and Unicode normalisation shared by the parser, the chunker and the take cache keys. */

/**
 * Collapses every run of whitespace (spaces, tabs, newlines, NBSP, ideographic space, BOM, ...) to one
 * ASCII space and trims both ends. Everything else, quotes and emoji included, is kept as written.
 */
export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * The form of a text used in cache keys: Unicode NFC (so a precomposed "é" and "e" + combining accent are
 * the same take) with whitespace collapsed and trimmed. Quotes, case and punctuation are kept: they change
 * how an engine reads the text.
 */
export function normalizeText(text: string): string {
  return collapseWhitespace(text.normalize('NFC'));
}
