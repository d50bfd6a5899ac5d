import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { ffprobe, makeTempDir, sine } from '../../audio/testing/oracle';
import { ENCODER_FILE_EXTENSIONS } from './audio-encoder';
import type { EncoderFormat } from './audio-encoder';
import { closeChapters } from './chapters';
import { createAudioEncoder } from './create-encoder';

const tmp = makeTempDir('encoders');
afterAll(() => tmp.remove());

describe('createAudioEncoder', () => {
  for (const format of ['wav', 'mp3', 'flac'] as const satisfies readonly EncoderFormat[]) {
    it(`streams ${format} that ffprobe reads with the right rate, channels and duration`, async () => {
      const rate = 48_000;
      const frames = rate * 2 + 321;
      const path = tmp.file(`episode${ENCODER_FILE_EXTENSIONS[format]}`);
      const chapters = closeChapters(
        [
          { title: 'Intro', startMs: 0 },
          { title: 'Main', startMs: 1_000 },
        ],
        Math.round((frames * 1000) / rate),
      );
      const encoder = await createAudioEncoder(format, {
        path,
        sampleRate: rate,
        channels: 2,
        bitDepth: 24,
        mp3BitrateKbps: 192,
        metadata: { title: 'Episode', artist: 'Roundtable', chapters },
      });
      expect(encoder.format).toBe(format);
      const input = sine(220, rate, frames, 0.4, 2);
      for (let offset = 0; offset < input.length; offset += 20_000)
        await encoder.write(input.subarray(offset, offset + 20_000));
      expect(encoder.durationSamples).toBe(frames);
      const result = await encoder.finish();
      expect(result).toMatchObject({ path, format, sampleRate: rate, channels: 2, durationSamples: frames });
      expect(existsSync(path)).toBe(true);

      const probe = ffprobe(path);
      expect(probe.streams[0]).toMatchObject({ sample_rate: '48000', channels: 2 });
      const duration = Number(probe.format.duration);
      if (format === 'mp3') expect(Math.abs(duration - frames / rate)).toBeLessThan(0.08);
      else expect(duration).toBeCloseTo(frames / rate, 4);
      if (format !== 'wav') {
        expect(probe.chapters?.map((c) => [c.tags?.title, c.start_time])).toEqual([
          ['Intro', '0.000000'],
          ['Main', '1.000000'],
        ]);
      }
    });
  }

  it('closes chapter marks with the next start and the programme end', () => {
    expect(
      closeChapters(
        [
          { title: 'a', startMs: 0 },
          { title: 'b', startMs: 500 },
        ],
        900,
      ),
    ).toEqual([
      { title: 'a', startMs: 0, endMs: 500 },
      { title: 'b', startMs: 500, endMs: 900 },
    ]);
  });
});
