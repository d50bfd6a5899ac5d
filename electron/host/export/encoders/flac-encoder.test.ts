import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ffmpegDecode,
  ffprobe,
  makeTempDir,
  noise,
  randomSplits,
  seededRandom,
  sine,
} from '../../audio/testing/oracle';
import { FlacEncoder } from './flac-encoder';
import { BitWriter } from './flac/bit-writer';
import { crc16, crc8 } from './flac/crc';
import { tempFilesOf } from '../../files/testing/temp-files-of';

const tmp = makeTempDir('flac');
afterAll(() => tmp.remove());

type Bits = 16 | 24;

/** Integer test material: every kind of block the encoder must handle, interleaved. */
function material(frames: number, channels: 1 | 2, bits: Bits, seed: number): Int32Array {
  const scale = 2 ** (bits - 1);
  const random = seededRandom(seed);
  const out = new Int32Array(frames * channels);
  const tone = sine(330, 44_100, frames, 0.6, 1);
  const hiss = noise(frames, 1, 0.02, seed);
  for (let i = 0; i < frames; i++) {
    const section = Math.floor((i / frames) * 6);
    for (let c = 0; c < channels; c++) {
      let v: number;
      switch (section) {
        case 0: // digital silence
          v = 0;
          break;
        case 1: // tone with a little noise, channels nearly equal (mid/side territory)
          v = Math.round(((tone[i] as number) + (hiss[i] as number) + c * 1e-4) * scale);
          break;
        case 2: // full-scale white noise (verbatim territory)
          v = Math.floor((random() * 2 - 1) * scale);
          break;
        case 3: // extremes alternating: the largest possible residuals
          v = (i + c) % 2 === 0 ? scale - 1 : -scale;
          break;
        case 4: // DC offset (constant but not zero)
          v = c === 0 ? -1234 : 4321;
          break;
        default: // independent channels
          v = Math.round((c === 0 ? (tone[i] as number) : (hiss[i] as number) * 10) * scale * 0.5);
      }
      out[i * channels + c] = Math.max(-scale, Math.min(scale - 1, v));
    }
  }
  return out;
}

function littleEndian(ints: Int32Array, bits: Bits): Buffer {
  const bytes = bits / 8;
  const out = Buffer.alloc(ints.length * bytes);
  ints.forEach((v, i) => out.writeIntLE(v, i * bytes, bytes));
  return out;
}

async function encode(
  path: string,
  ints: Int32Array,
  rate: number,
  channels: 1 | 2,
  bits: Bits,
  splits?: number[],
) {
  const scale = 2 ** (bits - 1);
  const floats = Float32Array.from(ints, (v) => v / scale);
  const encoder = await FlacEncoder.create({ path, sampleRate: rate, channels, bitDepth: bits });
  let offset = 0;
  for (const frames of splits ?? [ints.length / channels]) {
    await encoder.write(floats.subarray(offset * channels, (offset + frames) * channels));
    offset += frames;
  }
  return encoder.finish();
}

function streamInfo(file: Buffer) {
  const at = 8;
  const total = (file[at + 13]! & 0x0f) * 2 ** 32 + file.readUInt32BE(at + 14);
  return {
    minBlock: file.readUInt16BE(at),
    maxBlock: file.readUInt16BE(at + 2),
    minFrame: file.readUIntBE(at + 4, 3),
    maxFrame: file.readUIntBE(at + 7, 3),
    sampleRate: file.readUIntBE(at + 10, 3) >> 4,
    channels: ((file[at + 12]! >> 1) & 0x07) + 1,
    bits: (((file[at + 12]! & 1) << 4) | (file[at + 13]! >> 4)) + 1,
    total,
    md5: file.subarray(at + 18, at + 34).toString('hex'),
  };
}

describe('FLAC checksums and bit packing', () => {
  it('computes the standard CRC-8 and CRC-16 check values', () => {
    const check = Buffer.from('123456789', 'ascii');
    expect(crc8(check)).toBe(0xf4);
    expect(crc16(check)).toBe(0xfee8);
  });

  it('packs bits, signed values and Rice codes most significant first', () => {
    const writer = new BitWriter(2);
    writer.writeBits(0b101, 3);
    writer.writeSigned(-1, 5);
    writer.writeBits(0xdeadbeef, 32);
    writer.writeUnary(20);
    writer.writeRice(13, 2); // quotient 3 -> 0001, remainder 01
    writer.alignToByte();
    const bits = Array.from(writer.bytes(), (b) => b.toString(2).padStart(8, '0')).join('');
    expect(bits).toBe(
      '101' + '11111' + (0xdeadbeef).toString(2) + '0'.repeat(20) + '1' + '0001' + '01' + '0'.repeat(5),
    );
  });
});

describe('FlacEncoder', () => {
  const cases: [number, 1 | 2, Bits, number][] = [
    [44_100, 1, 16, 4096 * 6 + 1],
    [48_000, 2, 16, 4096 * 5 + 200],
    [24_000, 2, 24, 4096 * 6 + 3000],
    [22_050, 1, 24, 4096 * 6],
    [37_000, 2, 16, 30_000],
    [100_000, 1, 16, 25_000],
  ];

  for (const [rate, channels, bits, frames] of cases) {
    it(`encodes ${bits}-bit ${channels === 1 ? 'mono' : 'stereo'} at ${rate} Hz that ffmpeg decodes bit-exactly`, async () => {
      const path = tmp.file(`t-${rate}-${channels}-${bits}.flac`);
      const ints = material(frames, channels, bits, rate);
      const result = await encode(path, ints, rate, channels, bits, randomSplits(frames, 9_000, rate));
      expect(result).toMatchObject({ format: 'flac', durationSamples: frames, sampleRate: rate, channels });
      expect(tempFilesOf(path)).toEqual([]);

      const decoded = ffmpegDecode(path, bits === 16 ? 's16le' : 's24le');
      const expected = littleEndian(ints, bits);
      expect(decoded.length).toBe(expected.length);
      expect(decoded.equals(expected)).toBe(true);

      const file = readFileSync(path);
      const info = streamInfo(file);
      expect(info).toMatchObject({
        minBlock: 4096,
        maxBlock: 4096,
        sampleRate: rate,
        channels,
        bits,
        total: frames,
      });
      expect(info.minFrame).toBeGreaterThan(0);
      expect(info.maxFrame).toBeGreaterThanOrEqual(info.minFrame);
      expect(info.md5).toBe(createHash('md5').update(expected).digest('hex'));

      const probe = ffprobe(path);
      expect(probe.streams[0]).toMatchObject({ codec_name: 'flac', sample_rate: String(rate), channels });
      expect(Number(probe.streams[0]?.duration)).toBeCloseTo(frames / rate, 4);
    });
  }

  it('compresses silence to almost nothing and a tone well below PCM size', async () => {
    const silent = await encode(tmp.file('silence.flac'), new Int32Array(48_000 * 2 * 10), 48_000, 2, 16);
    expect(silent.bytes).toBeLessThan(10_000);
    const toneInts = Int32Array.from(sine(440, 48_000, 48_000 * 2, 0.5), (v) => Math.round(v * 32_768));
    const tone = await encode(tmp.file('tone.flac'), toneInts, 48_000, 1, 16);
    expect(tone.bytes).toBeLessThan(toneInts.length * 2 * 0.4);
  });

  it('writes a valid empty stream and refuses bad formats', async () => {
    const path = tmp.file('empty.flac');
    const result = await encode(path, new Int32Array(0), 44_100, 2, 16);
    expect(result.durationSamples).toBe(0);
    expect(ffmpegDecode(path, 's16le').length).toBe(0);
    await expect(FlacEncoder.create({ path, sampleRate: 700_000, channels: 1 })).rejects.toThrow(
      /sample rates/,
    );
    await expect(
      FlacEncoder.create({ path, sampleRate: 44_100, channels: 1, bitDepth: 8 as 16 }),
    ).rejects.toThrow(/16 or 24-bit/);
  });

  it('abort() leaves no file behind', async () => {
    const path = tmp.file('aborted.flac');
    const encoder = await FlacEncoder.create({ path, sampleRate: 44_100, channels: 1 });
    await encoder.write(new Float32Array(10_000));
    await encoder.abort();
    expect(existsSync(path)).toBe(false);
    expect(tempFilesOf(path)).toEqual([]);
  });
});
