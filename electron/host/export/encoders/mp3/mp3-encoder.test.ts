import { existsSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { ffmpegDecode, ffprobe, makeTempDir, runTool, sine } from '../../../audio/testing/oracle';
import { buildId3v2Tag, MAX_ID3_CHAPTERS } from '../id3';
import { Mp3Encoder } from './mp3-encoder';
import { tempFilesOf } from '../../../files/testing/temp-files-of';

const tmp = makeTempDir('mp3');
afterAll(() => tmp.remove());

/** Level of one frequency (Hann-windowed Goertzel) in an interleaved channel, as a sine amplitude. */
function toneAmplitude(
  samples: Float32Array,
  channels: number,
  channel: number,
  rate: number,
  hz: number,
): number {
  const n = samples.length / channels;
  let re = 0;
  let im = 0;
  let windowSum = 0;
  for (let i = 0; i < n; i++) {
    const hann = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1));
    const v = (samples[i * channels + channel] as number) * hann;
    re += v * Math.cos((2 * Math.PI * hz * i) / rate);
    im -= v * Math.sin((2 * Math.PI * hz * i) / rate);
    windowSum += hann;
  }
  return (2 * Math.hypot(re, im)) / windowSum;
}

function decodeFloat(path: string): Float32Array {
  const bytes = ffmpegDecode(path, 'f32le');
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
}

describe('Mp3Encoder', () => {
  for (const [rate, channels, kbps] of [
    [44_100, 1, 96],
    [48_000, 2, 320],
    [44_100, 2, 128],
    [48_000, 1, 192],
    [24_000, 1, 96],
  ] as [number, 1 | 2, number][]) {
    it(`encodes ${channels === 1 ? 'mono' : 'stereo'} ${rate} Hz at ${kbps} kbps CBR that ffmpeg plays back`, async () => {
      const path = tmp.file(`t-${rate}-${channels}-${kbps}.mp3`);
      const seconds = 3;
      const frames = rate * seconds;
      const input = new Float32Array(frames * channels);
      const left = sine(1_000, rate, frames, 0.5);
      const right = sine(rate === 24_000 ? 1_500 : 2_500, rate, frames, 0.25);
      for (let i = 0; i < frames; i++) {
        input[i * channels] = left[i] as number;
        if (channels === 2) input[i * channels + 1] = right[i] as number;
      }
      const encoder = await Mp3Encoder.create({ path, sampleRate: rate, channels, mp3BitrateKbps: kbps });
      for (let offset = 0; offset < input.length; offset += 30_011 * channels) {
        await encoder.write(input.subarray(offset, offset + 30_011 * channels));
      }
      const result = await encoder.finish();
      expect(result).toMatchObject({ format: 'mp3', sampleRate: rate, channels, durationSamples: frames });
      expect(tempFilesOf(path)).toEqual([]);

      const probe = ffprobe(path);
      expect(probe.streams[0]).toMatchObject({ codec_name: 'mp3', sample_rate: String(rate), channels });
      expect(Number(probe.format.duration)).toBeGreaterThanOrEqual(seconds);
      expect(Number(probe.format.duration)).toBeLessThan(seconds + 0.1);
      // CBR: the file is the bit rate times the duration, give or take a frame.
      expect(Math.abs(result.bytes - (kbps * 1000 * Number(probe.format.duration)) / 8)).toBeLessThan(2_000);

      const decoded = decodeFloat(path);
      const middle = decoded.subarray(Math.round(rate * 0.5) * channels, Math.round(rate * 2.5) * channels);
      expect(toneAmplitude(middle, channels, 0, rate, 1_000)).toBeCloseTo(0.5, 1);
      if (channels === 2) {
        expect(toneAmplitude(middle, channels, 1, rate, rate === 24_000 ? 1_500 : 2_500)).toBeCloseTo(
          0.25,
          1,
        );
        expect(toneAmplitude(middle, channels, 1, rate, 1_000)).toBeLessThan(0.01);
      }
    });
  }

  it('puts an ID3v2 tag with title, artist, album, track and chapters (ms precision) in front of the audio', async () => {
    const path = tmp.file('chapters.mp3');
    const chapters = [
      { title: 'Cold open', startMs: 0, endMs: 1_234 },
      { title: 'Interview – part “one”', startMs: 1_234, endMs: 2_501 },
      { title: '第三章', startMs: 2_501, endMs: 4_000 },
    ];
    const encoder = await Mp3Encoder.create({
      path,
      sampleRate: 44_100,
      channels: 1,
      metadata: {
        title: 'Roundtable #12: Ünïcode',
        artist: 'The Hosts',
        album: 'Season 2',
        track: { number: 3, total: 7 },
        chapters,
      },
    });
    await encoder.write(sine(440, 44_100, 44_100 * 4, 0.3));
    await encoder.finish();
    expect(readFileSync(path).subarray(0, 3).toString('latin1')).toBe('ID3');

    const probe = ffprobe(path);
    expect(probe.format.tags).toMatchObject({
      title: 'Roundtable #12: Ünïcode',
      artist: 'The Hosts',
      album: 'Season 2',
      track: '3/7',
    });
    expect(probe.chapters?.map((c) => c.tags?.title)).toEqual(chapters.map((c) => c.title));
    expect(probe.chapters?.map((c) => c.start_time)).toEqual(['0.000000', '1.234000', '2.501000']);
    expect(probe.chapters?.map((c) => c.end_time)).toEqual(['1.234000', '2.501000', '4.000000']);
    // The tag does not disturb decoding.
    expect(Number(probe.format.duration)).toBeCloseTo(4, 1);
    runTool('ffmpeg', ['-v', 'error', '-xerror', '-i', path, '-f', 'null', '-']);
  });

  it('refuses rates and bit rates MP3 export does not offer', async () => {
    const path = tmp.file('bad.mp3');
    await expect(Mp3Encoder.create({ path, sampleRate: 96_000, channels: 1 })).rejects.toThrow(
      /44100 or 48000/,
    );
    await expect(
      Mp3Encoder.create({ path, sampleRate: 24_000, channels: 1, mp3BitrateKbps: 320 }),
    ).rejects.toThrow(/24000 Hz supports 96, 112, 128, 144, 160 kbps/);
    await expect(
      Mp3Encoder.create({ path, sampleRate: 44_100, channels: 1, mp3BitrateKbps: 100 }),
    ).rejects.toThrow(/kbps/);
    expect(tempFilesOf(path)).toEqual([]);
  });

  it('abort() removes the partial file', async () => {
    const path = tmp.file('aborted.mp3');
    const encoder = await Mp3Encoder.create({ path, sampleRate: 48_000, channels: 2 });
    await encoder.write(new Float32Array(48_000 * 2));
    expect(tempFilesOf(path)).toHaveLength(1);
    await encoder.abort();
    expect(tempFilesOf(path)).toEqual([]);
    expect(existsSync(path)).toBe(false);
    await expect(encoder.write(new Float32Array(2))).rejects.toThrow(/closed/);
  });
});

describe('buildId3v2Tag', () => {
  it('writes an ID3v2.3 header with a syncsafe size and a top-level ordered CTOC', () => {
    const tag = buildId3v2Tag({
      title: 'T',
      chapters: [
        { title: 'A', startMs: 0, endMs: 10 },
        { title: 'B', startMs: 10, endMs: 20 },
      ],
    });
    expect(Array.from(tag.subarray(0, 6))).toEqual([0x49, 0x44, 0x33, 3, 0, 0]);
    const size = (tag[6]! << 21) | (tag[7]! << 14) | (tag[8]! << 7) | tag[9]!;
    expect(size).toBe(tag.length - 10);
    const ctoc = tag.indexOf('CTOC');
    expect(ctoc).toBeGreaterThan(0);
    const body = tag.subarray(ctoc + 10, ctoc + 10 + tag.readUInt32BE(ctoc + 4));
    expect(body.toString('latin1')).toBe('toc\0\u0003\u0002chp0\0chp1\0');
    expect(tag.indexOf('CHAP')).toBeGreaterThan(ctoc);
  });

  it('uses UTF-16 only for text that Latin-1 cannot hold', () => {
    const latin = buildId3v2Tag({ title: 'Café' });
    expect(latin[10 + 10]).toBe(0);
    const wide = buildId3v2Tag({ title: '播客' });
    expect(Array.from(wide.subarray(20, 23))).toEqual([1, 0xff, 0xfe]);
  });

  it('refuses chapter lists a tag cannot hold', () => {
    const many = Array.from({ length: MAX_ID3_CHAPTERS + 1 }, (_, i) => ({
      title: `${i}`,
      startMs: i,
      endMs: i + 1,
    }));
    expect(() => buildId3v2Tag({ chapters: many })).toThrow(/at most 255 chapters/);
    expect(() => buildId3v2Tag({ chapters: [{ title: 'x', startMs: 5, endMs: 1 }] })).toThrow(
      /before it starts/,
    );
    expect(() =>
      buildId3v2Tag({
        chapters: [
          { title: 'a', startMs: 0, endMs: 10 },
          { title: 'b', startMs: 5, endMs: 20 },
        ],
      }),
    ).toThrow(/inside the previous chapter/);
    expect(() => buildId3v2Tag({ chapters: [{ title: 'x', startMs: 0.5, endMs: 1 }] })).toThrow(
      /whole milliseconds/,
    );
  });
});
