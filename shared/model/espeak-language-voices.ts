/**
 * One voice per language of the bundled espeak-ng build beyond its English voices (which have their own
 * characterful list in espeak-voices.ts): `cmn` "Chinese (Mandarin, latin as English)", `de` "German", ...
 * A variant gives the same language another voice (`cmn+f3`); see voice-languages.ts.
 */
import { ESPEAK_LANGUAGES } from './espeak-languages';
import { ESPEAK_ENGINE_ID } from './espeak-voices';
import type { VoiceInfo } from './voice';

/** Voice files that are not a language to speak: espeak's own test voice. */
const NOT_LANGUAGES = new Set(['xex']);

export const ESPEAK_LANGUAGE_VOICES: readonly VoiceInfo[] = ESPEAK_LANGUAGES.filter(
  (language) => !language.voice.startsWith('en') && !NOT_LANGUAGES.has(language.voice),
).map((language) => ({
  engine: ESPEAK_ENGINE_ID,
  id: language.voice,
  label: `${language.name} — eSpeak`,
  language: language.tag,
}));
