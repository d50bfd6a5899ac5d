/**
 * Supertonic's languages. Supertonic 3 (Hugging Face Supertone/supertonic-3) reads 31, Supertonic 2
 * (Supertone/supertonic-2) five, the first release (Supertone/supertonic) English only; the codes are the
 * reference's `AVAILABLE_LANGS` (supertone-inc/supertonic `py/helper.py`), ISO 639-1 codes and so BCP 47
 * tags as they are. The reference's `na` ("language-agnostic") is left out: as a BCP 47 tag it is Nauruan,
 * and a speaker's language must say what the text is in for the script checks to work.
 */

export const SUPERTONIC_LANGUAGES: Readonly<Record<string, string>> = {
  ar: 'Arabic',
  bg: 'Bulgarian',
  cs: 'Czech',
  da: 'Danish',
  de: 'German',
  el: 'Greek',
  en: 'English',
  es: 'Spanish',
  et: 'Estonian',
  fi: 'Finnish',
  fr: 'French',
  hi: 'Hindi',
  hr: 'Croatian',
  hu: 'Hungarian',
  id: 'Indonesian',
  it: 'Italian',
  ja: 'Japanese',
  ko: 'Korean',
  lt: 'Lithuanian',
  lv: 'Latvian',
  nl: 'Dutch',
  pl: 'Polish',
  pt: 'Portuguese',
  ro: 'Romanian',
  ru: 'Russian',
  sk: 'Slovak',
  sl: 'Slovenian',
  sv: 'Swedish',
  tr: 'Turkish',
  uk: 'Ukrainian',
  vi: 'Vietnamese',
};

/** Supertonic 2's languages (supertone-inc/supertonic README, release/supertonic-2). */
export const SUPERTONIC_2_LANGUAGES = ['en', 'ko', 'es', 'pt', 'fr'] as const;

/**
 * A Supertonic voice id: `<style>-<language>` (`M1-ko`: style M1 reading Korean, text wrapped in
 * `<ko>…</ko>` as Supertonic 2 and 3 expect), or a bare style (`M1`: the first release, English, no tags).
 */
export interface SupertonicVoiceId {
  style: string;
  /** The language tag to wrap the text in; undefined for a bare style. */
  language?: string;
}

export function parseSupertonicVoiceId(id: string): SupertonicVoiceId {
  const cut = id.lastIndexOf('-');
  const language = cut > 0 ? id.slice(cut + 1) : '';
  if (language in SUPERTONIC_LANGUAGES) return { style: id.slice(0, cut), language };
  return { style: id };
}

export function supertonicVoiceId(style: string, language?: string): string {
  return language ? `${style}-${language}` : style;
}
