/**
 * Float <-> integer PCM conversion shared by the WAV writer and the encoders.
 * Float full scale is [-1, 1); an N-bit integer sample is `round(x * 2^(N-1))` clipped to the integer range,
 * and reading divides by 2^(N-1), so integer -> float -> integer is exact.
 */

export type PcmBitDepth = 16 | 24;

export function fullScale(bitDepth: PcmBitDepth): number {
  return bitDepth === 16 ? 32_768 : 8_388_608;
}

/**
 * Triangular (TPDF) dither of +-1 LSB from a small deterministic generator, so a dithered export is
 * still reproducible run to run.
 */
export class TpdfDither {
  private state: number;

  constructor(seed = 0x9e3779b9) {
    this.state = seed >>> 0 || 1;
  }

  /** A value in (-1, 1) LSB with a triangular distribution. */
  next(): number {
    return this.uniform() - this.uniform();
  }

  private uniform(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state / 4_294_967_296;
  }
}

/**
 * Quantises `count` float samples from `input` into `out` (clip to the integer range, round half up;
 * NaN becomes 0). With `dither`, TPDF noise of +-1 LSB is added before rounding.
 */
export function quantize(
  input: Float32Array,
  bitDepth: PcmBitDepth,
  out: Int32Array,
  count = input.length,
  dither: TpdfDither | null = null,
): void {
  const scale = fullScale(bitDepth);
  const max = scale - 1;
  const min = -scale;
  for (let i = 0; i < count; i++) {
    const sample = input[i] as number;
    let v = sample * scale;
    if (dither !== null) v += dither.next();
    v = Math.round(v);
    if (v > max) v = max;
    else if (v < min) v = min;
    else if (v !== v) v = 0;
    out[i] = v;
  }
}

/** Whether this machine stores typed-array integers little-endian (every platform the app ships for does). */
export const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * {@link quantize} to 16 bits and {@link packLittleEndian} in one pass, straight into `out` (same bytes,
 * half the memory traffic: the WAV export's hot path).
 */
export function quantize16LittleEndian(
  input: Float32Array,
  out: Uint8Array,
  count = input.length,
  dither: TpdfDither | null = null,
): void {
  if (!LITTLE_ENDIAN || out.byteOffset % 2 !== 0) {
    const ints = new Int32Array(count);
    quantize(input, 16, ints, count, dither);
    packLittleEndian(ints, count, 16, out);
    return;
  }
  const words = new Int16Array(out.buffer, out.byteOffset, count);
  for (let i = 0; i < count; i++) {
    let v = (input[i] as number) * 32_768;
    if (dither !== null) v += dither.next();
    v = Math.round(v);
    if (v > 32_767) v = 32_767;
    else if (v < -32_768) v = -32_768;
    else if (v !== v) v = 0;
    words[i] = v;
  }
}

/** Writes `count` integers as little-endian 16 or 24-bit PCM into `out` from `offset`; returns bytes written. */
export function packLittleEndian(
  ints: Int32Array,
  count: number,
  bitDepth: PcmBitDepth,
  out: Uint8Array,
  offset = 0,
): number {
  let o = offset;
  if (bitDepth === 16) {
    for (let i = 0; i < count; i++) {
      const v = ints[i] as number;
      out[o] = v & 0xff;
      out[o + 1] = (v >> 8) & 0xff;
      o += 2;
    }
  } else {
    for (let i = 0; i < count; i++) {
      const v = ints[i] as number;
      out[o] = v & 0xff;
      out[o + 1] = (v >> 8) & 0xff;
      out[o + 2] = (v >> 16) & 0xff;
      o += 3;
    }
  }
  return o - offset;
}

/** Grows a reusable typed array only when a larger block arrives. */
export function ensureInt32(buffer: Int32Array, length: number): Int32Array {
  return buffer.length >= length ? buffer : new Int32Array(Math.max(length, buffer.length * 2));
}

export function ensureBytes(buffer: Buffer, length: number): Buffer {
  return buffer.length >= length ? buffer : Buffer.allocUnsafe(Math.max(length, buffer.length * 2));
}
