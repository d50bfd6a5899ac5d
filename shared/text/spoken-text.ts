/**
 * Applying pronunciations to a turn's text (pronunciations.ts says how matching works). Kept apart from the
 * schemas so that code that only applies them (the episode timeline, which the recording and export
 * threads load) does not load zod.
 */
import type { Pronunciation } from './pronunciations';

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
