import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import {
  AudioClosedError,
  NotWavError,
  TruncatedWavError,
  UnsupportedWavError,
  WavSizeLimitError,
} from './audio-errors';
import { ffmpegDecode, ffprobe, makeTempDir, noise, runTool, sine } from './testing/oracle';
import { readWavBlocks, readWavFile, readWavInfo, WavReader } from './wav-reader';
import { WavWriter, writeWavFile } from './wav-writer';
import { tempFilesOf } from '../files/testing/temp-files-of';

const tmp = makeTempDir('wav');
afterAll(() => tmp.remove());

/** Integer samples as floats that quantise back to exactly those integers. */
function intsAsFloats(ints: Int32Array, bitDepth: 16 | 24): Float32Array {
  const scale = bitDepth === 16 ? 32_768 : 8_388_608;
  return Float32Array.from(ints, (v) => v / scale);
}

function randomInts(count: number, bitDepth: 16 | 24, seed: number): Int32Array {
  const floats = noise(count, 1, 1, seed);
  const scale = bitDepth === 16 ? 32_768 : 8_388_608;
  return Int32Array.from(floats, (v) => Math.max(-scale, Math.min(scale - 1, Math.floor(v * scale))));
}

describe('WavWriter', () => {
  it('streams 16-bit stereo that ffmpeg decodes bit-exactly, with correct header facts', async () => {
    const path = tmp.file('s16.wav');
    const ints = randomInts(2 * 10_001, 16, 3);
    const floats = intsAsFloats(ints, 16);
    const writer = await WavWriter.create(path, { sampleRate: 44_100, channels: 2, bitDepth: 16 });
    expect(tempFilesOf(path)).toHaveLength(1);
    expect(existsSync(path)).toBe(false);
    for (let offset = 0; offset < floats.length; offset += 4_002) {
      await writer.write(floats.subarray(offset, Math.min(floats.length, offset + 4_002)));
    }
    const result = await writer.close();
    expect(result).toMatchObject({
      durationSamples: 10_001,
      dataBytes: 40_004,
      sampleRate: 44_100,
      channels: 2,
    });
    expect(tempFilesOf(path)).toEqual([]);

    const file = readFileSync(path);
    expect(file.length).toBe(44 + 40_004);
    expect(file.readUInt32LE(4)).toBe(file.length - 8);
    expect(file.readUInt32LE(40)).toBe(40_004);

    const decoded = ffmpegDecode(path, 's16le');
    const expected = Buffer.alloc(ints.length * 2);
    ints.forEach((v, i) => expected.writeInt16LE(v, i * 2));
    expect(decoded.equals(expected)).toBe(true);

    const probe = ffprobe(path);
    expect(probe.streams[0]).toMatchObject({ codec_name: 'pcm_s16le', sample_rate: '44100', channels: 2 });
    expect(Number(probe.format.duration)).toBeCloseTo(10_001 / 44_100, 4);
  });

  it('writes 24-bit mono with an odd data size padded to an even chunk', async () => {
    const path = tmp.file('s24.wav');
    const ints = randomInts(1_001, 24, 4);
    const result = await writeWavFile(path, intsAsFloats(ints, 24), 24_000, 24);
    expect(result.dataBytes).toBe(3_003);
    const file = readFileSync(path);
    expect(file.length).toBe(44 + 3_004);
    expect(file.readUInt32LE(4)).toBe(36 + 3_004);
    expect(file.readUInt32LE(40)).toBe(3_003);

    const decoded = ffmpegDecode(path, 's24le');
    const expected = Buffer.alloc(ints.length * 3);
    ints.forEach((v, i) => expected.writeIntLE(v, i * 3, 3));
    expect(decoded.equals(expected)).toBe(true);

    const { info, samples } = await readWavFile(path);
    expect(info).toMatchObject({
      sampleRate: 24_000,
      channels: 1,
      sampleFormat: 'pcm24',
      durationSamples: 1_001,
    });
    expect(Array.from(samples, (v) => Math.round(v * 8_388_608))).toEqual(Array.from(ints));
  });

  it('clips out-of-range samples and turns NaN into silence', async () => {
    const path = tmp.file('clip.wav');
    await writeWavFile(path, Float32Array.from([2, -2, 1, -1, Number.NaN, 0.5, -0.5, 1e-9]), 8_000);
    const decoded = ffmpegDecode(path, 's16le');
    const values = Array.from({ length: 8 }, (_, i) => decoded.readInt16LE(i * 2));
    expect(values).toEqual([32_767, -32_768, 32_767, -32_768, 0, 16_384, -16_384, 0]);
  });

  it('dithers 16-bit output only when asked, within one LSB and reproducibly', async () => {
    const signal = sine(440, 48_000, 4_800, 0.3);
    const write = async (name: string, dither: boolean) => {
      const writer = await WavWriter.create(tmp.file(name), {
        sampleRate: 48_000,
        channels: 1,
        bitDepth: 16,
        dither,
      });
      await writer.write(signal);
      await writer.close();
      return readFileSync(tmp.file(name)).subarray(44);
    };
    const plain = await write('plain.wav', false);
    const dithered = await write('dither-a.wav', true);
    const again = await write('dither-b.wav', true);
    expect(dithered.equals(again)).toBe(true);
    expect(dithered.equals(plain)).toBe(false);
    let differing = 0;
    for (let i = 0; i < signal.length; i++) {
      const delta = dithered.readInt16LE(i * 2) - plain.readInt16LE(i * 2);
      expect(Math.abs(delta)).toBeLessThanOrEqual(1);
      if (delta !== 0) differing++;
    }
    expect(differing).toBeGreaterThan(signal.length / 10);
  });

  it('refuses to pass the RIFF size limit and abort() removes the partial file', async () => {
    const path = tmp.file('limit.wav');
    const writer = await WavWriter.create(path, {
      sampleRate: 8_000,
      channels: 1,
      bitDepth: 16,
      maxDataBytes: 1_000,
    });
    await writer.write(new Float32Array(400));
    await expect(writer.write(new Float32Array(200))).rejects.toBeInstanceOf(WavSizeLimitError);
    expect(writer.durationSamples).toBe(400);
    await writer.abort();
    expect(tempFilesOf(path)).toEqual([]);
    expect(existsSync(path)).toBe(false);
    await expect(writer.write(new Float32Array(2))).rejects.toBeInstanceOf(AudioClosedError);
  });

  it('keeps a crash-interrupted file away from the real name', async () => {
    const path = tmp.file('crash.wav');
    writeFileSync(path, 'previous export');
    const writer = await WavWriter.create(path, { sampleRate: 8_000, channels: 1, bitDepth: 16 });
    await writer.write(new Float32Array(100));
    // No close(): the real name still holds the previous file.
    expect(readFileSync(path, 'utf8')).toBe('previous export');
    await writer.abort();
    expect(readFileSync(path, 'utf8')).toBe('previous export');
  });

  it('rejects blocks that are not whole frames and bad options', async () => {
    const writer = await WavWriter.create(tmp.file('frames.wav'), {
      sampleRate: 8_000,
      channels: 2,
      bitDepth: 16,
    });
    await expect(writer.write(new Float32Array(3))).rejects.toThrow(/whole frames/);
    await writer.abort();
    await expect(
      WavWriter.create(tmp.file('bad.wav'), { sampleRate: 44_100.5, channels: 1, bitDepth: 16 }),
    ).rejects.toThrow(/sample rate/);
  });
});

describe('WavReader', () => {
  it('reads float32 and extensible 24-bit stereo files written by ffmpeg', async () => {
    const f32 = tmp.file('f32.wav');
    const s24 = tmp.file('ext24.wav');
    const source = ['-f', 'lavfi', '-i', 'sine=f=1000:r=32000:d=0.5', '-ac', '2'];
    runTool('ffmpeg', ['-v', 'error', ...source, '-c:a', 'pcm_f32le', '-y', f32]);
    runTool('ffmpeg', ['-v', 'error', ...source, '-c:a', 'pcm_s24le', '-y', s24]);
    const floatFile = await readWavFile(f32);
    const intFile = await readWavFile(s24);
    expect(floatFile.info).toMatchObject({ sampleFormat: 'float32', channels: 2, sampleRate: 32_000 });
    expect(intFile.info).toMatchObject({ sampleFormat: 'pcm24', channels: 2, durationSamples: 16_000 });
    expect(floatFile.samples.length).toBe(32_000);
    let maxDelta = 0;
    for (let i = 0; i < floatFile.samples.length; i++) {
      maxDelta = Math.max(
        maxDelta,
        Math.abs((floatFile.samples[i] as number) - (intFile.samples[i] as number)),
      );
    }
    expect(maxDelta).toBeLessThan(1e-6);
    const peak = floatFile.samples.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    expect(peak).toBeCloseTo(0.125 * Math.SQRT1_2, 3); // ffmpeg spreads mono over two channels at -3 dB
  });

  it('streams bounded blocks in order and skips chunks before data', async () => {
    const path = tmp.file('list.wav');
    runTool('ffmpeg', [
      '-v',
      'error',
      '-f',
      'lavfi',
      '-i',
      'sine=f=500:r=16000:d=1',
      '-metadata',
      'title=hello',
      '-c:a',
      'pcm_s16le',
      '-y',
      path,
    ]);
    const info = await readWavInfo(path);
    expect(info).toMatchObject({ durationSamples: 16_000, sampleFormat: 'pcm16', channels: 1 });
    expect(info.dataOffset).toBeGreaterThan(44);
    const sizes: number[] = [];
    for await (const block of readWavBlocks(path, 6_000)) sizes.push(block.length);
    expect(sizes).toEqual([6_000, 6_000, 4_000]);
    const reader = await WavReader.open(path);
    const tail: number[] = [];
    for await (const block of reader.blocks(5_000, 15_000)) tail.push(block.length);
    await reader.close();
    expect(tail).toEqual([1_000]);
  });

  it('reads to the end of a file whose writer could not patch the data size (ffmpeg to a pipe)', async () => {
    const path = tmp.file('piped.wav');
    const { stdout } = runTool('ffmpeg', [
      '-v',
      'error',
      '-f',
      'lavfi',
      '-i',
      'sine=r=16000:d=0.5',
      '-f',
      'wav',
      'pipe:',
    ]);
    writeFileSync(path, stdout);
    expect(stdout.readUInt32LE(stdout.indexOf('data') + 4)).toBe(0xffff_ffff);
    const { info, samples } = await readWavFile(path);
    expect(info.durationSamples).toBe(8_000);
    expect(samples.length).toBe(8_000);
  });

  it('explains files it cannot read', async () => {
    const text = tmp.file('notes.wav');
    writeFileSync(text, 'these are not the samples you are looking for');
    await expect(WavReader.open(text)).rejects.toBeInstanceOf(NotWavError);
    await expect(WavReader.open(text)).rejects.toThrow(/not a WAV file/);

    const tiny = tmp.file('tiny.wav');
    writeFileSync(tiny, 'RIFF');
    await expect(WavReader.open(tiny)).rejects.toBeInstanceOf(NotWavError);

    const u8 = tmp.file('u8.wav');
    runTool('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'sine=d=0.1', '-c:a', 'pcm_u8', '-y', u8]);
    await expect(WavReader.open(u8)).rejects.toBeInstanceOf(UnsupportedWavError);

    const whole = tmp.file('whole.wav');
    await writeWavFile(whole, new Float32Array(1_000), 8_000);
    const truncated = tmp.file('truncated.wav');
    writeFileSync(truncated, readFileSync(whole).subarray(0, 1_000));
    await expect(WavReader.open(truncated)).rejects.toBeInstanceOf(TruncatedWavError);
  });
});
