import { describe, expect, it } from 'vitest';
import { formatVoiceRef } from '../../shared/model/voice';
import { parseVoiceSpec } from './voice-overrides';

describe('--voice options for engines that sample', () => {
  it('takes seed, cfg and steps, and prints cfg and steps back', () => {
    const voice = parseVoiceSpec('vibe:vibevoice/alice;seed=7;cfg=1.55;steps=20');
    expect(voice).toEqual({
      engine: 'vibe',
      model: 'vibevoice',
      voice: 'alice',
      params: { ratePercent: 100, pitchSemitones: 0, seed: 7, cfgScale: 1.55, diffusionSteps: 20 },
    });
    expect(formatVoiceRef(voice)).toBe('vibe:vibevoice/alice;cfg=1.55;steps=20');
  });

  it('refuses a CFG scale off its 0.05 grid or range, and steps out of range, saying the ranges', () => {
    for (const spec of ['vibe:m/a;cfg=1.33', 'vibe:m/a;cfg=4', 'vibe:m/a;steps=0', 'vibe:m/a;steps=2.5']) {
      expect(() => parseVoiceSpec(spec)).toThrow(/are out of range|needs a whole number/);
    }
  });
});
