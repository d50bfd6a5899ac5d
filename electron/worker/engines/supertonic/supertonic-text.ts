/**
 * Supertonic's text front end, as its reference inference does it (supertone-inc/supertonic `py/helper.py`,
 * `UnicodeProcessor` and `chunk_text`): no phonemizer — the text is normalised (NFKD, emoji removed,
 * dashes, quotes and a few symbols replaced, spaces before punctuation removed, a final `.` added when the
 * text ends in no punctuation), wrapped in its language tag (`<en>…</en>`, Supertonic 2 and 3), and every
 * character becomes `unicode_indexer.json[codepoint]`. Long text is cut into chunks of whole sentences
 * (300 characters, 120 for Korean and Japanese).
 */

export class SupertonicIndexerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SupertonicIndexerError';
  }
}

/** `unicode_indexer.json`: an array whose entry at a codepoint is its id (negative: not known). */
export type SupertonicIndexer = readonly number[];

export function parseSupertonicIndexer(text: string, fileName = 'unicode_indexer.json'): SupertonicIndexer {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SupertonicIndexerError(`${fileName} is not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(json) || json.length === 0 || !json.every((id) => Number.isInteger(id))) {
    throw new SupertonicIndexerError(`${fileName} is not a list of integer ids by codepoint`);
  }
  return json as number[];
}

const EMOJI =
  /[\u{1F600}-\u{1F64F}\u{1F300}-\u{1F5FF}\u{1F680}-\u{1F6FF}\u{1F700}-\u{1F77F}\u{1F780}-\u{1F7FF}\u{1F800}-\u{1F8FF}\u{1F900}-\u{1F9FF}\u{1FA00}-\u{1FA6F}\u{1FA70}-\u{1FAFF}\u{2600}-\u{26FF}\u{2700}-\u{27BF}\u{1F1E6}-\u{1F1FF}]+/gu;

const REPLACEMENTS: ReadonlyArray<[string, string]> = [
  ['–', '-'],
  ['‑', '-'],
  ['—', '-'],
  ['_', ' '],
  ['\u201c', '"'],
  ['\u201d', '"'],
  ['\u2018', "'"],
  ['\u2019', "'"],
  ['´', "'"],
  ['`', "'"],
  ['[', ' '],
  [']', ' '],
  ['|', ' '],
  ['/', ' '],
  ['#', ' '],
  ['→', ' '],
  ['←', ' '],
  ['@', ' at '],
  ['e.g.,', 'for example, '],
  ['i.e.,', 'that is, '],
];

/** The reference's `_preprocess_text`: the normalised text, wrapped in `<lang>…</lang>` when a language is given. */
export function normaliseSupertonicText(text: string, language?: string): string {
  let out = text.normalize('NFKD').replace(EMOJI, '');
  for (const [from, to] of REPLACEMENTS) out = out.split(from).join(to);
  out = out.replace(/[♥☆♡©\\]/gu, '');
  out = out.replace(/ ([,.!?;:'])/gu, '$1');
  out = out.replace(/"{2,}/gu, '"').replace(/'{2,}/gu, "'");
  out = out.replace(/\s+/gu, ' ').trim();
  if (!/[.!?;:,'")\]}…。」』】〉》›»]$/u.test(out)) out += '.';
  return language ? `<${language}>${out}</${language}>` : out;
}

export interface SupertonicIds {
  ids: number[];
  /** Characters the indexer does not know, with counts (dropped). */
  dropped: Map<string, number>;
}

export function indexSupertonicText(text: string, indexer: SupertonicIndexer): SupertonicIds {
  const ids: number[] = [];
  const dropped = new Map<string, number>();
  for (const char of text) {
    const id = indexer[char.codePointAt(0) ?? -1];
    if (id === undefined || id < 0) dropped.set(char, (dropped.get(char) ?? 0) + 1);
    else ids.push(id);
  }
  return { ids, dropped };
}

/** Characters per chunk: the reference's `max_len` (120 for Korean and Japanese, else 300). */
export function supertonicChunkChars(language?: string): number {
  return language === 'ko' || language === 'ja' ? 120 : 300;
}

const ABBREVIATIONS =
  /(?:Mr|Mrs|Ms|Dr|Prof|Sr|Jr|Ph\.D|etc|e\.g|i\.e|vs|Inc|Ltd|Co|Corp|St|Ave|Blvd|\b[A-Z])\.$/u;

/** The reference's `chunk_text`: paragraphs, then sentences packed up to `maxChars` (a longer sentence stays whole). */
export function chunkSupertonicText(text: string, maxChars: number): string[] {
  const chunks: string[] = [];
  for (const paragraph of text.trim().split(/\n\s*\n+/u)) {
    const sentences = splitSentences(paragraph.trim());
    let current = '';
    for (const sentence of sentences) {
      if ([...current].length + [...sentence].length + 1 <= maxChars)
        current += (current ? ' ' : '') + sentence;
      else {
        if (current) chunks.push(current.trim());
        current = sentence;
      }
    }
    if (current.trim()) chunks.push(current.trim());
  }
  return chunks;
}

/** Splits after `.` `!` `?` followed by whitespace, except after the reference's abbreviations. */
function splitSentences(paragraph: string): string[] {
  const sentences: string[] = [];
  let start = 0;
  for (const match of paragraph.matchAll(/(?<=[.!?])\s+/gu)) {
    const end = match.index ?? 0;
    if (ABBREVIATIONS.test(paragraph.slice(start, end))) continue;
    sentences.push(paragraph.slice(start, end));
    start = end + match[0].length;
  }
  sentences.push(paragraph.slice(start));
  return sentences.filter((sentence) => sentence !== '');
}
