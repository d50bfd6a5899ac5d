import { describe, expect, it } from 'vitest';
import { LoudnessMeter } from './loudness/loudness-meter';
import { speechLike } from './loudness/testing/seeded-signals';
import type { SpoolBitDepth } from './spool-format';
import { decodeRecord, RECORD_SAMPLES, SpoolEncoder, spoolBytes } from './spool-format';

function roundTrip(samples: Float32Array, bitDepth: SpoolBitDepth, blockSamples = 1_000) {
  const encoder = new SpoolEncoder(bitDepth);
  const records = [];
  for (let offset = 0; offset < samples.length; offset += blockSamples) {
    records.push(...encoder.push(samples.subarray(offset, offset + blockSamples)));
  }
  records.push(...encoder.flush());
  const bytes = records.reduce((sum, record) => sum + record.bytes.length, 0);
  const decoded = new Float32Array(samples.length);
  let at = 0;
  for (const record of records) {
    const back = decodeRecord(record.bytes, bitDepth);
    // What the writer yields is exactly what a later read decodes.
    expect(Buffer.from(back.buffer).equals(Buffer.from(record.samples.buffer))).toBe(true);
    decoded.set(back, at);
    at += back.length;
  }
  expect(at).toBe(samples.length);
  return { bytes, decoded };
}

function measure(samples: Float32Array, channels: 1 | 2) {
  const meter = new LoudnessMeter(44_100, channels);
  meter.push(samples);
  return meter.result();
}

describe('spool format', () => {
  it('is no larger than the WAV it becomes (a float32 spool was twice its size), plus a byte per record', () => {
    const samples = speechLike(44_100, 44_100 * 3, 2, 7);
    for (const bitDepth of [16, 24] as const) {
      const wavData = samples.length * (bitDepth / 8);
      const { bytes } = roundTrip(samples, bitDepth);
      expect(bytes).toBe(spoolBytes(samples.length, bitDepth));
      expect(bytes).toBe(wavData + Math.ceil(samples.length / RECORD_SAMPLES));
      expect(bytes / wavData).toBeLessThan(1.0003);
    }
    // 90 minutes of mono 44.1 kHz, 16-bit: ~476 MB of WAV data; the spool is within 0.03 % of it.
    const ninety = 90 * 60 * 44_100;
    expect(spoolBytes(ninety, 16)).toBeLessThan(ninety * 2 * 1.0003);
    expect(spoolBytes(ninety, 16)).toBeLessThan((ninety * 4) / 1.99);
  });

  it("keeps samples under full scale on the output's grid, and keeps louder ones without clipping", () => {
    const quiet = Float32Array.from({ length: 5_000 }, (_, i) => 0.9 * Math.sin(i / 7));
    const { decoded } = roundTrip(quiet, 16);
    for (let i = 0; i < quiet.length; i++) {
      expect(decoded[i]).toBe(Math.round((quiet[i] as number) * 32_768) / 32_768);
    }
    // Speaker levels up to +12 dB put the episode above full scale before its gain: nothing clips.
    const loud = Float32Array.from({ length: 5_000 }, (_, i) => 3.7 * Math.sin(i / 7));
    const back = roundTrip(loud, 24).decoded;
    let worst = 0;
    for (let i = 0; i < loud.length; i++)
      worst = Math.max(worst, Math.abs((back[i] as number) - (loud[i] as number)));
    expect(worst).toBeLessThanOrEqual(4 / 8_388_608 / 2 + 1e-9);
    expect(Math.max(...back)).toBeGreaterThan(3.69);
  });

  it('leaves loudness and true peak within 0.01 dB of the float episode (quiet, hot and over full scale)', () => {
    for (const [peak, channels] of [
      [0.05, 1],
      [0.9, 2],
      [3.5, 1],
    ] as const) {
      const samples = speechLike(44_100, 44_100 * 6, channels, 11, peak);
      const float = measure(samples, channels);
      for (const bitDepth of [16, 24] as const) {
        const spooled = measure(roundTrip(samples, bitDepth).decoded, channels);
        expect(Math.abs((spooled.integratedLufs ?? 0) - (float.integratedLufs ?? 0))).toBeLessThan(0.01);
        expect(Math.abs(spooled.truePeakDbtp - float.truePeakDbtp)).toBeLessThan(0.01);
      }
    }
  });

  it("stores each sample as the little-endian two's complement integer a WAV holds, read back by Buffer", () => {
    // Edges a fast path could get wrong: -0, NaN and infinities (stored as 0, leaving the record's exponent
    // alone), full scale, halves that round, and a record over full scale (a shared exponent > 0); 4099
    // samples end in a short record, each decoded from inside a larger buffer, as the spool reader does.
    const edges = [
      0,
      -0,
      NaN,
      Infinity,
      -Infinity,
      -1,
      32_767 / 32_768,
      32_766.5 / 32_768,
      -32_767.5 / 32_768,
    ];
    const quiet = Float32Array.from({ length: 4_099 }, (_, i) => edges[i] ?? 0.8 * Math.sin(i / 3));
    const loud = Float32Array.from({ length: 4_099 }, (_, i) => edges[i] ?? 3.3 * Math.sin(i / 5));
    for (const bitDepth of [16, 24] as const) {
      const width = bitDepth / 8;
      const half = 2 ** (bitDepth - 1);
      for (const samples of [quiet, loud]) {
        const encoder = new SpoolEncoder(bitDepth);
        const records = [...encoder.push(samples), ...encoder.flush()];
        expect(records.map((record) => record.samples.length)).toEqual([RECORD_SAMPLES, 3]);
        let at = 0;
        for (const record of records) {
          const exponent = record.bytes[0]!;
          if (at === 0) expect(exponent).toBe(samples === loud ? 2 : 0);
          const padded = Buffer.alloc(record.bytes.length + 5);
          padded.set(record.bytes, 3);
          const decoded = decodeRecord(padded.subarray(3, 3 + record.bytes.length), bitDepth);
          for (let i = 0; i < record.samples.length; i++) {
            const value = samples[at + i]!;
            const scaled = (value * half) / 2 ** exponent;
            // (+ 0: an integer has no -0, so -0 reads back as 0.)
            const expected =
              (Number.isFinite(value) ? Math.max(-half, Math.min(half - 1, Math.round(scaled))) : 0) + 0;
            const stored = padded.readIntLE(3 + 1 + i * width, width);
            if (stored !== expected) expect([at + i, value, stored]).toEqual([at + i, value, expected]);
            const back = (expected * 2 ** exponent) / half;
            if (!Object.is(record.samples[i], back) || !Object.is(decoded[i], back)) {
              expect([at + i, record.samples[i], decoded[i]]).toEqual([at + i, back, back]);
            }
          }
          at += record.samples.length;
        }
      }
    }
  });
});
