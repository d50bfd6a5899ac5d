/**
 * The bundled voices the app offers speak at comparable loudness (BS.1770, at the default rate and pitch): a
 * speaker given the n-th default voice must not come out much quieter or louder than the others, since an
 * export normalises the episode, not each speaker. The trims were measured on a different paragraph
 * (shared/model/espeak-voice-levels.ts); this one is held out.
 */
import { describe, expect, it } from 'vitest';
import { ESPEAK_VOICES } from '../../shared/model/espeak-voices';
import { EspeakEngine } from '../worker/engines/espeak/espeak-engine';
import { LoudnessMeter } from './export/loudness/loudness-meter';

const HELD_OUT =
  'Good evening, and thank you for joining us. Tonight our guests disagree about almost everything, from ' +
  'the weather in March to the best way to boil an egg. Did you hear the rain last night? We will take your ' +
  'calls after the news, so keep them short and keep them kind.';

async function loudnessOf(engine: EspeakEngine, voice: string): Promise<number> {
  let meter: LoudnessMeter | undefined;
  const { sampleRate } = await engine.synthesize(
    {
      engine: 'espeak',
      text: HELD_OUT,
      voice,
      params: { ratePercent: 100, pitchSemitones: 0 },
      chunkIndex: 0,
    },
    new AbortController().signal,
    (pcm) => {
      meter ??= new LoudnessMeter(22_050, 1, { truePeak: false });
      meter.push(pcm);
    },
  );
  expect(sampleRate).toBe(22_050);
  return meter?.result().integratedLufs ?? -Infinity;
}

describe('bundled voice levels', () => {
  it('every offered voice, as the engine renders it, is within 1 LU of the median loudness', async () => {
    const engine = new EspeakEngine(1);
    try {
      const loudness = new Map<string, number>();
      for (const voice of ESPEAK_VOICES) loudness.set(voice.id, await loudnessOf(engine, voice.id));
      const sorted = [...loudness.values()].sort((a, b) => a - b);
      const median = sorted[Math.floor(sorted.length / 2)]!;
      const outliers = [...loudness].filter(([, lufs]) => Math.abs(lufs - median) > 1);
      expect(outliers, `median ${median.toFixed(2)} LUFS`).toEqual([]);
    } finally {
      await engine.dispose();
    }
  });
});
