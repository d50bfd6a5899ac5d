/**
 * The bundled voices the app offers speak at comparable loudness (BS.1770, on the same paragraph at the
 * default rate and pitch): a speaker given the n-th default voice must not come out much quieter or louder
 * than the others, since an export normalises the episode, not each speaker.
 */
import { describe, expect, it } from 'vitest';
import { ESPEAK_VOICES } from '../../shared/model/espeak-voices';
import { ESPEAK_DEFAULT_WPM, loadEspeak } from '../worker/espeak/espeak-wasm';
import { LoudnessMeter } from './export/loudness/loudness-meter';

const PARAGRAPH =
  'Welcome back to the show. Today we talk about long-form speech, about the tools that make it, and about ' +
  'the people who listen to it. It is a quiet morning here; the coffee is hot, and the questions are ' +
  'waiting. Let us begin with the first one, which came from a listener in Leeds.';

describe('bundled voice levels', () => {
  it('every offered voice is within 2 LU of the median loudness', async () => {
    const espeak = await loadEspeak();
    const loudness = new Map<string, number>();
    for (const voice of ESPEAK_VOICES) {
      const meter = new LoudnessMeter(espeak.sampleRate, 1, { truePeak: false });
      espeak.synthesize(
        PARAGRAPH,
        { voice: voice.id, wordsPerMinute: ESPEAK_DEFAULT_WPM, pitch: 50 },
        (pcm) => meter.push(Float32Array.from(pcm, (v) => v / 32_768)),
        () => true,
      );
      loudness.set(voice.id, meter.result().integratedLufs ?? -Infinity);
    }
    const sorted = [...loudness.values()].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    const outliers = [...loudness].filter(([, lufs]) => Math.abs(lufs - median) > 2);
    expect(outliers, `median ${median.toFixed(1)} LUFS`).toEqual([]);
  });
});
