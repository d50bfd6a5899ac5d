import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { CLIP_LOUDNESS_LUFS, MAX_CLIP_SOURCE_BYTES } from '../../../shared/model/reference-clip';
import { espeakSpeech, ffmpegEbur128, ffprobe, makeTempDir, runTool } from '../audio/testing/oracle';
import { speechLike } from '../export/loudness/testing/seeded-signals';
import { buildWavHeader, WAVE_FORMAT_IEEE_FLOAT } from '../audio/wav-format';
import { prepareClip, prepareClipSamples } from './clip-import';

const temp = makeTempDir('clip-import');
const TEXT =
  'This is the voice we want to hear in every turn of the episode. It speaks calmly and clearly, and it keeps going for a while so that there is enough to choose from.';

/** espeak speech made quiet and converted by ffmpeg to 44.1 kHz stereo in the given container. */
function source(extension: 'wav' | 'mp3' | 'flac'): string {
  const raw = espeakSpeech(TEXT, temp.file('speech-22k.wav'));
  const out = temp.file(`speech.${extension}`);
  runTool('ffmpeg', ['-v', 'error', '-y', '-i', raw, '-af', 'volume=-14dB', '-ar', '44100', '-ac', '2', out]);
  return out;
}

afterAll(() => temp.remove());

describe('prepareClip (ffmpeg as the oracle)', () => {
  it.each(['wav', 'mp3', 'flac'] as const)(
    'imports %s: trimmed to the chosen stretch, mono 16-bit 24 kHz, -20 LUFS, named by its SHA-256',
    async (extension) => {
      const file = source(extension);
      const prepared = await prepareClip({
        bytes: readFileSync(file),
        sourceName: `guest.${extension}`,
        trimStartMs: 500,
        trimEndMs: 6_500,
      });
      const stored = temp.file(`stored-${extension}.wav`);
      writeFileSync(stored, prepared.wav);
      const stream = ffprobe(stored).streams[0];
      expect(stream?.codec_name).toBe('pcm_s16le');
      expect(stream?.sample_rate).toBe('24000');
      expect(stream?.channels).toBe(1);
      expect(Number(stream?.duration)).toBeCloseTo(6, 2);
      expect(prepared.durationSamples).toBe(144_000);
      const loudness = ffmpegEbur128(stored);
      expect(Math.abs(loudness.integratedLufs - CLIP_LOUDNESS_LUFS)).toBeLessThanOrEqual(0.5);
      expect(loudness.truePeakDbtp).toBeLessThanOrEqual(-0.8);
      expect(prepared.sha256).toBe(createHash('sha256').update(readFileSync(stored)).digest('hex'));
    },
  );

  it('gives the same bytes (and hash) for the same source and trim', async () => {
    const bytes = readFileSync(source('flac'));
    const a = await prepareClip({ bytes, sourceName: 'a.flac', trimStartMs: 0, trimEndMs: 4_000 });
    const b = await prepareClip({ bytes, sourceName: 'b.flac', trimStartMs: 0, trimEndMs: 4_000 });
    const c = await prepareClip({ bytes, sourceName: 'c.flac', trimStartMs: 10, trimEndMs: 4_000 });
    expect(b.sha256).toBe(a.sha256);
    expect(c.sha256).not.toBe(a.sha256);
  });
});

describe('prepareClipSamples refuses what cannot be a reference clip', () => {
  const rate = 24_000;
  it('too short after trimming', () => {
    const pcm = speechLike(rate, rate * 10, 1, 3, 0.5);
    expect(() =>
      prepareClipSamples(pcm, { sourceName: 'x.wav', trimStartMs: 1_000, trimEndMs: 3_500 }),
    ).toThrow(/2\.5 s long; a reference clip needs at least 3\.0 s/);
    expect(() => prepareClipSamples(pcm.slice(0, rate * 2), { sourceName: 'x.wav' })).toThrow(
      expect.objectContaining({ code: 'clip-too-short' }),
    );
  });

  it('too long unless trimmed, and says how to trim', () => {
    const pcm = speechLike(rate, rate * 35, 1, 4, 0.5);
    expect(() => prepareClipSamples(pcm, { sourceName: 'long.wav' })).toThrow(
      expect.objectContaining({ code: 'clip-too-long', hint: expect.stringMatching(/start and an end/) }),
    );
    const kept = prepareClipSamples(pcm, { sourceName: 'long.wav', trimStartMs: 5_000, trimEndMs: 35_000 });
    expect(kept.durationSamples).toBe(rate * 30);
  });

  it('silence', () => {
    expect(() => prepareClipSamples(new Float32Array(rate * 5), { sourceName: 'quiet.wav' })).toThrow(
      expect.objectContaining({ code: 'clip-silent' }),
    );
  });

  it('a start after the end, or past the recording', () => {
    const pcm = speechLike(rate, rate * 5, 1, 5, 0.5);
    expect(() =>
      prepareClipSamples(pcm, { sourceName: 'x.wav', trimStartMs: 4_000, trimEndMs: 1_000 }),
    ).toThrow(expect.objectContaining({ code: 'clip-bad-trim' }));
    expect(() =>
      prepareClipSamples(pcm, { sourceName: 'x.wav', trimStartMs: 9_000, trimEndMs: 12_000 }),
    ).toThrow(/after the end of x\.wav/);
  });
});

describe('prepareClip refuses files it cannot use', () => {
  it('non-finite samples', async () => {
    const samples = new Float32Array(24_000 * 4).map((_, i) => Math.sin(i / 10) * 0.3);
    samples[1234] = Number.NaN;
    const data = Buffer.from(samples.buffer);
    const header = buildWavHeader(
      { formatTag: WAVE_FORMAT_IEEE_FLOAT, channels: 1, sampleRate: 24_000, bitsPerSample: 32 },
      data.length,
    );
    await expect(
      prepareClip({ bytes: Buffer.concat([header, data]), sourceName: 'nan.wav' }),
    ).rejects.toThrow(expect.objectContaining({ code: 'clip-not-finite' }));
  });

  it('something that is not audio, and a damaged file', async () => {
    await expect(
      prepareClip({ bytes: Buffer.from('hello, not audio'), sourceName: 'notes.txt' }),
    ).rejects.toThrow('notes.txt is not a WAV, MP3 or FLAC file');
    const wav = readFileSync(source('wav'));
    await expect(prepareClip({ bytes: wav.subarray(0, 30), sourceName: 'cut.wav' })).rejects.toThrow(
      expect.objectContaining({
        code: 'clip-unreadable',
        message: expect.stringMatching(/^cut\.wav could not be read/),
      }),
    );
  });

  it('a file over the size limit, before decoding it', async () => {
    const bytes = new Uint8Array(MAX_CLIP_SOURCE_BYTES + 1);
    bytes.set(Buffer.from('RIFF\0\0\0\0WAVE'));
    await expect(prepareClip({ bytes, sourceName: 'huge.wav' })).rejects.toThrow(
      expect.objectContaining({ code: 'clip-too-large' }),
    );
  });
});
