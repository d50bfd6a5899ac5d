/**
 * The export spool's sample format: integers at the export's bit depth with a shared exponent per record.
 * Samples are kept in records of RECORD_SAMPLES interleaved samples, each one byte of exponent `e` and the
 * samples as 16 or 24-bit integers in steps of 2^e of the output's least significant bit. The episode before
 * its loudness gain can exceed full scale (speaker levels up to +12 dB, resampling overshoot), which a
 * plain integer spool would clip: a record holding such samples gets the smallest `e` that fits them;
 * every other record has e = 0, exactly the output's grid, so an export without loudness normalisation is
 * still the source bit for bit where it stays under the clip guard. A float32 spool was twice the size of
 * the 16-bit WAV it becomes; this one is as large as the WAV at the export's bit depth (plus one byte per
 * 4096 samples), so a disk that fits the export fits its spool. With normalisation the episode is thus
 * quantised at the output's depth before the gain as well as after it: loudness and true peak move by
 * less than 0.01 dB (spool-format.test.ts).
 *
 * Every read of the episode (the first, which writes the spool, and the later ones from it) yields the
 * samples as decoded from the spool, so every pass of an export, and an export that starts from a recording
 * made while rendering, sees exactly the same samples.
 */
import { LITTLE_ENDIAN } from '../audio/pcm';

export type SpoolBitDepth = 16 | 24;

/** Interleaved samples per record (a multiple of 2, so records hold whole stereo frames). */
export const RECORD_SAMPLES = 4_096;

/** Bytes of a spool of `samples` interleaved samples. */
export function spoolBytes(samples: number, bitDepth: SpoolBitDepth): number {
  return samples * (bitDepth / 8) + Math.ceil(samples / RECORD_SAMPLES);
}

/** Bytes of a full record on disk. */
export function recordBytes(bitDepth: SpoolBitDepth): number {
  return 1 + RECORD_SAMPLES * (bitDepth / 8);
}

/** Samples up to 2^64 times full scale (far beyond any level the app sets). */
const MAX_EXPONENT = 64;

export interface SpoolRecord {
  /** The record as stored. */
  bytes: Uint8Array;
  /** Its samples as they read back from the spool. */
  samples: Float32Array;
}

/** Collects samples into records (any block sizes in; whole records out, the last one on `flush`). */
export class SpoolEncoder {
  private readonly pending = new Float32Array(RECORD_SAMPLES);
  private pendingCount = 0;

  constructor(readonly bitDepth: SpoolBitDepth) {}

  push(block: Float32Array): SpoolRecord[] {
    const records: SpoolRecord[] = [];
    let offset = 0;
    while (offset < block.length) {
      const take = Math.min(block.length - offset, RECORD_SAMPLES - this.pendingCount);
      this.pending.set(block.subarray(offset, offset + take), this.pendingCount);
      this.pendingCount += take;
      offset += take;
      if (this.pendingCount === RECORD_SAMPLES) records.push(this.emit());
    }
    return records;
  }

  /** The last, shorter record (none when the samples filled whole records). */
  flush(): SpoolRecord[] {
    return this.pendingCount === 0 ? [] : [this.emit()];
  }

  private emit(): SpoolRecord {
    const count = this.pendingCount;
    this.pendingCount = 0;
    return encodeRecord(this.pending.subarray(0, count), this.bitDepth);
  }
}

function encodeRecord(samples: Float32Array, bitDepth: SpoolBitDepth): SpoolRecord {
  const count = samples.length;
  const half = 2 ** (bitDepth - 1);
  let highest = 0;
  let lowest = 0;
  // Infinities are left out, as NaN is by the comparisons: they are stored as 0 (below), and must not
  // push the record's exponent to its limit and its other samples to 0.
  for (let index = 0; index < count; index++) {
    const value = samples[index]!;
    if (value > highest) {
      if (value !== Infinity) highest = value;
    } else if (value < lowest && value !== -Infinity) lowest = value;
  }
  // The smallest exponent (never below 0: the output's own grid) at which every sample fits.
  let exponent = 0;
  while (
    exponent < MAX_EXPONENT &&
    (Math.round(highest * (half / 2 ** exponent)) > half - 1 ||
      Math.round(lowest * (half / 2 ** exponent)) < -half)
  ) {
    exponent += 1;
  }
  const toInt = half / 2 ** exponent;
  const toFloat = 2 ** exponent / half;
  const most = half - 1;
  const least = -half;
  const width = bitDepth / 8;
  const bytes = new Uint8Array(1 + count * width);
  const decoded = new Float32Array(count);
  bytes[0] = exponent;
  // 16-bit samples go through an aligned Int16Array and are copied in after the exponent byte (one
  // memcpy instead of a DataView write per sample); 24-bit ones are written a byte at a time (a
  // Uint8Array store keeps the low 8 bits, as two's complement wants).
  const words = width === 2 && LITTLE_ENDIAN ? new Int16Array(count) : null;
  for (let index = 0; index < count; index++) {
    let int = samples[index]! * toInt;
    // Non-finite samples never reach an export (renders refuse them); here they are 0 (x - x is NaN for
    // NaN and for either infinity).
    if (int - int !== 0) int = 0;
    else {
      int = Math.round(int);
      if (int > most) int = most;
      else if (int < least) int = least;
    }
    // `| 0` turns a rounded -0 into 0, as it reads back.
    int |= 0;
    decoded[index] = int * toFloat;
    if (words !== null) words[index] = int;
    else if (width === 2) {
      const at = 1 + 2 * index;
      bytes[at] = int;
      bytes[at + 1] = int >> 8;
    } else {
      const at = 1 + 3 * index;
      bytes[at] = int;
      bytes[at + 1] = int >> 8;
      bytes[at + 2] = int >> 16;
    }
  }
  if (words !== null) bytes.set(new Uint8Array(words.buffer, 0, 2 * count), 1);
  return { bytes, samples: decoded };
}

/** Decodes one record (`bytes` holds exactly one, full or last). */
export function decodeRecord(bytes: Uint8Array, bitDepth: SpoolBitDepth): Float32Array {
  const width = bitDepth / 8;
  const count = Math.floor((bytes.length - 1) / width);
  const exponent = bytes[0] ?? 0;
  const toFloat = 2 ** exponent / 2 ** (bitDepth - 1);
  const samples = new Float32Array(count);
  if (width === 2) {
    for (let index = 0, at = 1; index < count; index++, at += 2) {
      // Shifted up to the sign bit and back: the 16-bit value with its sign.
      samples[index] = (((bytes[at]! | (bytes[at + 1]! << 8)) << 16) >> 16) * toFloat;
    }
  } else {
    for (let index = 0, at = 1; index < count; index++, at += 3) {
      samples[index] = (((bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16)) << 8) >> 8) * toFloat;
    }
  }
  return samples;
}
