import { afterAll, describe, expect, it } from 'vitest';
import { ffmpegDecode, makeTempDir, sine } from '../../audio/testing/oracle';
import { encoderLevel, MP3_PEAK_MARGIN_DB } from './encoder-level';
import { Mp3Encoder } from './mp3/mp3-encoder';

const tmp = makeTempDir('encoder-level');
afterAll(() => tmp.remove());

describe('encoderLevel', () => {
  it('leaves PCM formats alone', () => {
    expect(encoderLevel({ format: 'wav', mp3BitrateKbps: 128 })).toEqual({ gainDb: 0, peakMarginDb: 0 });
    expect(encoderLevel({ format: 'flac', mp3BitrateKbps: 128 })).toEqual({ gainDb: 0, peakMarginDb: 0 });
  });

  for (const kbps of [96, 128, 192, 256, 320] as const) {
    it(`knows what our MP3 encoder does to the level at ${kbps} kbps (measured through ffmpeg's decoder)`, async () => {
      const rate = 44_100;
      const path = tmp.file(`sine-${kbps}.mp3`);
      const encoder = await Mp3Encoder.create({ path, sampleRate: rate, channels: 1, mp3BitrateKbps: kbps });
      await encoder.write(sine(1_000, rate, rate * 3, 0.5));
      await encoder.finish();
      const bytes = ffmpegDecode(path, 'f32le');
      const decoded = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
      let sum = 0;
      for (let i = rate; i < 2 * rate; i++) sum += (decoded[i] as number) ** 2;
      const measuredDb = 20 * Math.log10(Math.sqrt(sum / rate) / (0.5 / Math.SQRT2));
      const level = encoderLevel({ format: 'mp3', mp3BitrateKbps: kbps });
      expect(Math.abs(measuredDb - level.gainDb)).toBeLessThan(0.02);
      expect(level.peakMarginDb).toBe(MP3_PEAK_MARGIN_DB);
    });
  }
});
