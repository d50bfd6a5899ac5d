/**
 * Phoneme vocabularies of the test packs: the symbols espeak-ng uses for English IPA plus punctuation,
 * with ids of our own choosing (the published Kokoro and Piper tables are not copied). Kokoro's pad `$` is
 * id 0; Piper's pad `_`, BOS `^` and EOS `$` are 0, 1, 2.
 */

const PUNCTUATION = [' ', '!', "'", ',', '-', '.', ':', ';', '?', '"', '(', ')', '…', '—'];
const LETTERS = 'abcdefghijklmnopqrstuvwxyz'.split('');
/** IPA that espeak-ng writes for English (en-us, en-gb), stress and length marks included. */
export const ENGLISH_IPA = [
  'æ',
  'ɐ',
  'ɑ',
  'ɒ',
  'ɔ',
  'ə',
  'ɚ',
  'ɛ',
  'ɜ',
  'ɝ',
  'ɪ',
  'ʊ',
  'ʌ',
  'ᵻ',
  'ɹ',
  'ɾ',
  'ɡ',
  'ŋ',
  'ð',
  'θ',
  'ʃ',
  'ʒ',
  'ʔ',
  'ɬ',
  'ɫ',
  'ʤ',
  'ʧ',
  'ˈ',
  'ˌ',
  'ː',
  'ʰ',
  'ʲ',
  'ɨ',
  'ɯ',
  'ʁ',
  'ç',
  'x',
  'ɣ',
  'β',
  'ɲ',
  'ʎ',
  'ɕ',
  'ʑ',
];

/** Kokoro-style vocabulary `{ symbol: id }` (no combining marks: they are dropped, as in the real one). */
export function kokoroTestVocab(): Record<string, number> {
  const symbols = ['$', ...PUNCTUATION, ...LETTERS, ...ENGLISH_IPA];
  return Object.fromEntries([...new Set(symbols)].map((symbol, id) => [symbol, id]));
}

/** Piper-style `phoneme_id_map` `{ symbol: [id] }`. */
export function piperTestPhonemeIdMap(): Record<string, number[]> {
  const symbols = ['_', '^', '$', ...PUNCTUATION, ...LETTERS, ...ENGLISH_IPA];
  return Object.fromEntries([...new Set(symbols)].map((symbol, id) => [symbol, [id]]));
}
