/** What the voice picker shows for a Supertonic voice. */
import type { VoiceInfo } from '../../../../shared/model/voice';
import { SUPERTONIC_LANGUAGES, supertonicVoiceId } from './supertonic-languages';
import { supertonicGender } from './supertonic-voices';

export const SUPERTONIC_ENGINE_ID = 'supertonic';

/** A Supertonic voice: a style reading one language (`M1-ko`: "M1 — Korean, male"), or a bare style (English). */
export function supertonicVoiceInfo(style: string, language: string | undefined, modelId: string): VoiceInfo {
  const gender = supertonicGender(style);
  const tag = language ?? 'en';
  return {
    engine: SUPERTONIC_ENGINE_ID,
    model: modelId,
    id: supertonicVoiceId(style, language),
    label: `${style} — ${SUPERTONIC_LANGUAGES[tag] ?? tag}${gender ? `, ${gender}` : ''}`,
    language: tag,
    ...(gender ? { gender } : {}),
  };
}
