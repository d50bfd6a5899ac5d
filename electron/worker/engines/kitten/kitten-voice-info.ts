/**
 * What a Kitten TTS voice key says about the voice: `expr-voice-<n>-<m|f>` (male/female); the friendly
 * name comes from the config's `voice_aliases` (`Jasper` → `expr-voice-2-m`). Every published Kitten voice
 * speaks American English: the reference phonemises with espeak-ng `en-us` (KittenML/KittenTTS
 * `kittentts/onnx_model.py`).
 */
import type { VoiceInfo } from '../../../../shared/model/voice';

export const KITTEN_ENGINE_ID = 'kitten';
export const KITTEN_LANGUAGE = 'en-US';
export const KITTEN_ESPEAK_LANGUAGE = 'en-us';

export function kittenGender(key: string): 'female' | 'male' | undefined {
  if (/-f$/i.test(key)) return 'female';
  if (/-m$/i.test(key)) return 'male';
  return undefined;
}

export function kittenVoiceInfo(key: string, modelId: string, alias?: string): VoiceInfo {
  const gender = kittenGender(key);
  return {
    engine: KITTEN_ENGINE_ID,
    model: modelId,
    id: key,
    label: `${alias ?? key} — English (US)${gender ? `, ${gender}` : ''}`,
    language: KITTEN_LANGUAGE,
    ...(gender ? { gender } : {}),
  };
}
