/**
 * The voice a turn renders with: its speaker's, with the turn's own seed, CFG scale and diffusion steps
 * where it has them. Every place that keys, signs or renders a turn goes through here, so a turn's override
 * is part of its take key and signature exactly when it is set (takes keyed before stay as they were).
 */
import type { Segment } from './project';
import type { VoiceParams, VoiceRef } from './voice';

type TurnOverrides = Pick<Segment, 'seed' | 'cfgScale' | 'diffusionSteps'>;

export function turnVoice(voice: VoiceRef, segment: TurnOverrides): VoiceRef {
  if (segment.seed === undefined && segment.cfgScale === undefined && segment.diffusionSteps === undefined)
    return voice;
  const params: VoiceParams = {
    ...(voice.params ?? { ratePercent: 100, pitchSemitones: 0 }),
    ...(segment.seed !== undefined ? { seed: segment.seed } : {}),
    ...(segment.cfgScale !== undefined ? { cfgScale: segment.cfgScale } : {}),
    ...(segment.diffusionSteps !== undefined ? { diffusionSteps: segment.diffusionSteps } : {}),
  };
  return { ...voice, params };
}
