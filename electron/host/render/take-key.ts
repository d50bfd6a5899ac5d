/** The content address of a take: what was rendered, by which engine, model, voice and parameters. */
import { createHash } from 'node:crypto';
import { ESPEAK_ENGINE_ID } from '../../../shared/model/espeak-voices';
import { espeakVoiceTrimDb } from '../../../shared/model/espeak-voice-levels';
import { cfgScaleHundredths, type VoiceRef } from '../../../shared/model/voice';
import { normalizeText } from '../../../shared/text/normalize';

export const TAKE_KEY_VERSION = 1;

/**
 * `modelHash` identifies the model pack's weights (its manifest hash) so that re-importing different weights
 * under the same id never serves stale audio.
 */
export function takeKey(voice: VoiceRef, text: string, modelHash = ''): string {
  const canonical = JSON.stringify([
    TAKE_KEY_VERSION,
    voice.engine,
    voice.model ?? '',
    modelHash,
    voice.voice,
    voice.params.ratePercent,
    voice.params.pitchSemitones,
    normalizeText(text),
    // Only where set, so every take keyed before seeds existed keeps its key.
    ...(voice.params.seed !== undefined ? [voice.params.seed] : []),
    // The reference clip's SHA-256 (of its stored WAV), likewise only where set.
    ...(voice.clip !== undefined ? [`clip:${voice.clip}`] : []),
    // Likewise CFG scale (in hundredths) and diffusion steps, tagged so that neither can pass for a seed.
    ...(voice.params.cfgScale !== undefined ? [`cfg${cfgScaleHundredths(voice.params.cfgScale)}`] : []),
    ...(voice.params.diffusionSteps !== undefined ? [`steps${voice.params.diffusionSteps}`] : []),
    // A bundled espeak voice's level trim, where it has one: takes cached before the trims sound louder.
    ...espeakTrimTag(voice),
  ]);
  return createHash('sha256').update(canonical).digest('hex').slice(0, 32);
}

function espeakTrimTag(voice: VoiceRef): string[] {
  if (voice.engine !== ESPEAK_ENGINE_ID) return [];
  const trim = espeakVoiceTrimDb(voice.voice);
  return trim === 0 ? [] : [`trim${trim}`];
}
