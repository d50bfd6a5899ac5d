/**
 * Which writing systems a voice can read, from its language (BCP 47), and which bundled espeak-ng voice
 * reads a writing system. Used to warn about turns a speaker's voice cannot speak and to give new speakers
 * voices in the language of what they say.
 */
import type { WritingSystem } from '../text/writing-system';
import { ESPEAK_ENGINE_ID, ESPEAK_VOICES } from './espeak-voices';
import { espeakLanguageOf } from './espeak-languages';
import type { VoiceInfo, VoiceRef } from './voice';

/** Primary language subtags whose usual writing system is not Latin. Every other language reads Latin. */
const NON_LATIN: Readonly<Record<string, readonly WritingSystem[]>> = {
  // Chinese voices read Han; espeak's cmn and yue read Latin words as English (or pinyin/jyutping).
  zh: ['Han', 'Latin'],
  cmn: ['Han', 'Latin'],
  yue: ['Han', 'Latin'],
  hak: ['Han'],
  ja: ['Kana', 'Han'],
  ko: ['Hangul'],
  ru: ['Cyrillic'],
  uk: ['Cyrillic'],
  be: ['Cyrillic'],
  bg: ['Cyrillic'],
  mk: ['Cyrillic'],
  sr: ['Cyrillic', 'Latin'],
  kk: ['Cyrillic'],
  ky: ['Cyrillic'],
  ba: ['Cyrillic'],
  cv: ['Cyrillic'],
  tt: ['Cyrillic'],
  nog: ['Cyrillic'],
  el: ['Greek'],
  grc: ['Greek'],
  ar: ['Arabic'],
  fa: ['Arabic'],
  ur: ['Arabic'],
  sd: ['Arabic'],
  ug: ['Arabic'],
  he: ['Hebrew'],
  hi: ['Devanagari'],
  mr: ['Devanagari'],
  ne: ['Devanagari'],
  kok: ['Devanagari'],
  bn: ['Bengali'],
  as: ['Bengali'],
  bpy: ['Bengali'],
  pa: ['Gurmukhi'],
  gu: ['Gujarati'],
  or: ['Oriya'],
  ta: ['Tamil'],
  te: ['Telugu'],
  kn: ['Kannada'],
  ml: ['Malayalam'],
  si: ['Sinhala'],
  th: ['Thai'],
  my: ['Myanmar'],
  shn: ['Myanmar'],
  ka: ['Georgian'],
  hy: ['Armenian'],
  hyw: ['Armenian'],
  am: ['Ethiopic'],
  ti: ['Ethiopic'],
  chr: ['Cherokee'],
};

/** Writing systems a language reads (`cmn` → Han and Latin, `fa-Latn` → Latin, `de` → Latin). */
export function writingSystemsOfLanguage(tag: string): readonly WritingSystem[] {
  const subtags = tag.toLowerCase().split('-');
  if (subtags.includes('latn')) return ['Latin'];
  const primary = subtags[0] === 'zh' && subtags[1] === 'yue' ? 'yue' : (subtags[0] ?? '');
  return NON_LATIN[primary] ?? ['Latin'];
}

/** The language (BCP 47) a voice speaks: the catalog's word for it, else what its id says. */
export function languageOfVoice(ref: VoiceRef, catalog: readonly VoiceInfo[] = []): string | undefined {
  const listed = catalog.find(
    (v) => v.engine === ref.engine && v.id === ref.voice && (v.model ?? '') === (ref.model ?? ''),
  );
  if (listed) return listed.language;
  if (ref.engine === ESPEAK_ENGINE_ID) return espeakLanguageOf(ref.voice)?.tag;
  return undefined;
}

/** The language a speaker speaks: the one set for it, else its voice's. */
export function speakerLanguage(
  speaker: { language?: string | undefined; voice: VoiceRef },
  catalog: readonly VoiceInfo[] = [],
): string | undefined {
  return speaker.language ?? languageOfVoice(speaker.voice, catalog);
}

/** The espeak voice (without variant) for each writing system, and a display name for messages. */
const ESPEAK_FOR_SYSTEM: Readonly<Record<WritingSystem, { voice: string; language: string }>> = {
  Latin: { voice: 'en-us', language: 'English' },
  Han: { voice: 'cmn', language: 'Mandarin Chinese' },
  Kana: { voice: 'ja', language: 'Japanese' },
  Hangul: { voice: 'ko', language: 'Korean' },
  Cyrillic: { voice: 'ru', language: 'Russian' },
  Greek: { voice: 'el', language: 'Greek' },
  Arabic: { voice: 'ar', language: 'Arabic' },
  Hebrew: { voice: 'he', language: 'Hebrew' },
  Devanagari: { voice: 'hi', language: 'Hindi' },
  Bengali: { voice: 'bn', language: 'Bengali' },
  Gurmukhi: { voice: 'pa', language: 'Punjabi' },
  Gujarati: { voice: 'gu', language: 'Gujarati' },
  Oriya: { voice: 'or', language: 'Oriya' },
  Tamil: { voice: 'ta', language: 'Tamil' },
  Telugu: { voice: 'te', language: 'Telugu' },
  Kannada: { voice: 'kn', language: 'Kannada' },
  Malayalam: { voice: 'ml', language: 'Malayalam' },
  Sinhala: { voice: 'si', language: 'Sinhala' },
  Thai: { voice: 'th', language: 'Thai' },
  Myanmar: { voice: 'my', language: 'Burmese' },
  Georgian: { voice: 'ka', language: 'Georgian' },
  Armenian: { voice: 'hy', language: 'Armenian' },
  Ethiopic: { voice: 'am', language: 'Amharic' },
  Cherokee: { voice: 'chr', language: 'Cherokee' },
};

export function languageNameForSystem(system: WritingSystem): string {
  return ESPEAK_FOR_SYSTEM[system].language;
}

/**
 * espeak variants given in turn to speakers of one language, alternating female and male so that
 * neighbouring speakers sound clearly different.
 */
const VARIANTS = ['f3', 'm3', 'f2', 'm1', 'f4', 'm7', 'f5', 'm2', 'f1', 'm6'] as const;

/** The n-th (0-based) default espeak voice id for text in `system`: `cmn+f3`, `cmn+m3`, ... */
export function espeakVoiceForSystem(system: WritingSystem, index: number): string {
  if (system === 'Latin') {
    const voice = ESPEAK_VOICES[index % ESPEAK_VOICES.length];
    if (voice) return voice.id;
  }
  return `${ESPEAK_FOR_SYSTEM[system].voice}+${VARIANTS[index % VARIANTS.length] ?? 'f3'}`;
}

/** The default voice reference for the n-th speaker of a language that writes in `system`. */
export function defaultVoiceForSystem(system: WritingSystem, index: number): VoiceRef {
  return {
    engine: ESPEAK_ENGINE_ID,
    voice: espeakVoiceForSystem(system, index),
    params: { ratePercent: 100, pitchSemitones: 0 },
  };
}

/** Voices in a catalog that read `system` and can render, best first (the catalog's order). */
export function voicesForSystem(system: WritingSystem, catalog: readonly VoiceInfo[]): VoiceInfo[] {
  return catalog.filter(
    (v) => v.unsupported === undefined && writingSystemsOfLanguage(v.language).includes(system),
  );
}
