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
import * as z from 'zod';
import { countChangedTexts, entryKey, spokenText } from './spoken-text';

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

export { countChangedTexts, entryKey, spokenText };
