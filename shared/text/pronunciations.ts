/**
 * Pronunciations: words the engine should say differently from how they are written ("SQL" said as
 * "sequel", a guest's name spelled for the engine). Applied to a turn's text just before it is rendered,
 * so the script, the turn editor and the transcripts keep the written words, while the take (and its cache
 * key, and the studio's stale marks) follow what is said.
 *
 * Matching is whole-word and case-insensitive (accents count: "resume" is not "résumé"); a word may
 * contain punctuation ("C++", "e.g.") or spaces ("New Orleans"). Longer entries win over shorter ones that
 * overlap them, and replaced text is never matched again, so entries do not chain.
 */
import { z } from 'zod';

export const MAX_PRONUNCIATIONS = 500;
export const MAX_PRONUNCIATION_WORD_CHARS = 100;
export const MAX_PRONUNCIATION_SAY_AS_CHARS = 200;

export const PronunciationSchema = z
  .object({
    /** As written in the script. */
    word: z
      .string()
      .trim()
      .min(1, { error: 'a pronunciation needs the word as it is written' })
      .max(MAX_PRONUNCIATION_WORD_CHARS),
    /** What the engine is given instead: plain words spelled as they sound. */
    sayAs: z
      .string()
      .trim()
      .min(1, { error: 'a pronunciation needs what to say instead' })
      .max(MAX_PRONUNCIATION_SAY_AS_CHARS),
  })
  .strict();
export type Pronunciation = z.infer<typeof PronunciationSchema>;

export const PronunciationsSchema = z
  .array(PronunciationSchema)
  .max(MAX_PRONUNCIATIONS)
  .superRefine((entries, ctx) => {
    const seen = new Map<string, number>();
    entries.forEach((entry, index) => {
      const key = entryKey(entry.word);
      const first = seen.get(key);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'word'],
          message: `"${entry.word}" is listed twice (entries ${first + 1} and ${index + 1}); keep one`,
        });
      } else seen.set(key, index);
    });
  });

/** The form two entries are compared in: the same word whatever its case and spacing. */
export function entryKey(word: string): string {
  return word.normalize('NFC').replace(/\s+/g, ' ').trim().toLocaleLowerCase('en');
}

const compiled = new WeakMap<
  readonly Pronunciation[],
  { pattern: RegExp; sayAs: Map<string, string> } | null
>();

function compile(entries: readonly Pronunciation[]) {
  if (compiled.has(entries)) return compiled.get(entries)!;
  const usable = entries.filter((entry) => entry.word.trim() !== '' && entry.sayAs.trim() !== '');
  let result: { pattern: RegExp; sayAs: Map<string, string> } | null = null;
  if (usable.length > 0) {
    const sayAs = new Map(usable.map((entry) => [entryKey(entry.word), entry.sayAs.trim()]));
    const alternatives = [...sayAs.keys()]
      .sort((a, b) => b.length - a.length)
      // Spaces inside an entry match any run of white space in the text.
      .map((key) => key.split(' ').map(escapeRegExp).join('\\s+'));
    // A word's edges must not sit inside a longer word: no letter, digit or combining mark beside them.
    result = {
      pattern: new RegExp(
        `(?<![\\p{L}\\p{N}\\p{M}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}\\p{M}])`,
        'giu',
      ),
      sayAs,
    };
  }
  compiled.set(entries, result);
  return result;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `text` as the engine should say it: every listed word replaced by its pronunciation. */
export function spokenText(text: string, entries: readonly Pronunciation[]): string {
  if (entries.length === 0) return text;
  const rules = compile(entries);
  if (!rules) return text;
  // NFC so that a word typed with a combining accent matches the same word written precomposed.
  const normal = text.normalize('NFC');
  return normal.replace(rules.pattern, (match) => rules.sayAs.get(entryKey(match)) ?? match);
}

/** How many of `texts` a pronunciation list changes (for "N turns will render again"). */
export function countChangedTexts(texts: readonly string[], entries: readonly Pronunciation[]): number {
  return texts.filter((text) => spokenText(text, entries) !== text.normalize('NFC')).length;
}
