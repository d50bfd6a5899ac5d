/**
 * The bundled espeak-ng voices offered by default: an accent (espeak language) plus a variant. Ordered so
 * that assigning them in turn gives neighbouring speakers clearly different voices (alternating gender,
 * accent and pitch).
 */
import type { VoiceInfo, VoiceRef } from './voice';

export const ESPEAK_ENGINE_ID = 'espeak';

export const ESPEAK_VOICES: readonly VoiceInfo[] = [
  {
    engine: ESPEAK_ENGINE_ID,
    id: 'en-us+m3',
    label: 'Avery — US, low male',
    language: 'en-US',
    gender: 'male',
  },
  {
    engine: ESPEAK_ENGINE_ID,
    id: 'en-gb-x-rp+f3',
    label: 'Beatrice — British RP, female',
    language: 'en-GB',
    gender: 'female',
  },
  {
    engine: ESPEAK_ENGINE_ID,
    id: 'en-gb-scotland+m1',
    label: 'Callum — Scottish, male',
    language: 'en-GB',
    gender: 'male',
  },
  {
    engine: ESPEAK_ENGINE_ID,
    id: 'en-us+f2',
    label: 'Dana — US, female',
    language: 'en-US',
    gender: 'female',
  },
  {
    engine: ESPEAK_ENGINE_ID,
    id: 'en-029+m7',
    label: 'Elijah — Caribbean, deep male',
    language: 'en-029',
    gender: 'male',
  },
  {
    engine: ESPEAK_ENGINE_ID,
    id: 'en-gb-x-gbclan+f4',
    label: 'Fiona — Lancashire, female',
    language: 'en-GB',
    gender: 'female',
  },
  {
    engine: ESPEAK_ENGINE_ID,
    id: 'en-us-nyc+m5',
    label: 'Gus — New York, male',
    language: 'en-US',
    gender: 'male',
  },
  {
    engine: ESPEAK_ENGINE_ID,
    // espeak-ng's British English voice is "en" ("en-gb" is a language tag, not a voice name).
    id: 'en+f5',
    label: 'Harriet — British, high female',
    language: 'en-GB',
    gender: 'female',
  },
  {
    engine: ESPEAK_ENGINE_ID,
    id: 'en-gb-x-gbcwmd+m2',
    label: 'Ivan — West Midlands, male',
    language: 'en-GB',
    gender: 'male',
  },
  {
    engine: ESPEAK_ENGINE_ID,
    id: 'en-us+f1',
    label: 'Jo — US, bright female',
    language: 'en-US',
    gender: 'female',
  },
  {
    engine: ESPEAK_ENGINE_ID,
    id: 'en-gb-x-rp+m6',
    label: 'Kit — British RP, male',
    language: 'en-GB',
    gender: 'male',
  },
  {
    engine: ESPEAK_ENGINE_ID,
    // Klatt synthesis as "robosoft" tunes it: "+klatt" itself came out 8–10 LU quieter than every other voice.
    id: 'en-us+robosoft',
    label: 'Lee — US, classic synthesiser',
    language: 'en-US',
    gender: 'neutral',
  },
];

/** The voice for the n-th speaker of a new project (0-based), cycling through the list. */
export function defaultEspeakVoice(speakerIndex: number): string {
  const voice = ESPEAK_VOICES[speakerIndex % ESPEAK_VOICES.length];
  if (!voice) throw new Error('no espeak voices defined');
  return voice.id;
}

/** The default voice reference for the n-th speaker (0-based). */
export function defaultVoiceRef(speakerIndex: number): VoiceRef {
  return {
    engine: ESPEAK_ENGINE_ID,
    voice: defaultEspeakVoice(speakerIndex),
    params: { ratePercent: 100, pitchSemitones: 0 },
  };
}
