/**
 * What the test models compute, as plain numbers shared by the graph builders and the JavaScript reference
 * implementations that tests compare the engines' output against. Every token id becomes a burst of a sine
 * whose frequency depends on the id (pad id 0 is silence); the voice (Kokoro style row, Piper speaker)
 * scales pitch and amplitude, and speed / length_scale sets the burst length.
 */

export const KOKORO_TEST_SAMPLE_RATE = 24_000;
export const KOKORO_TEST_SAMPLES_PER_TOKEN = 480;
/** Ids the Kokoro test model accepts (Gather table size). */
export const KOKORO_TEST_ID_LIMIT = 256;

export const PIPER_TEST_SAMPLE_RATE = 22_050;
export const PIPER_TEST_SAMPLES_PER_ID = 256;
export const PIPER_TEST_ID_LIMIT = 256;
/** Per-speaker pitch factor and amplitude of the multi-speaker Piper test model. */
export const PIPER_TEST_SPEAKERS = [
  { pitch: 1.0, amplitude: 0.5 },
  { pitch: 1.25, amplitude: 0.3 },
] as const;
/** Pitch and amplitude of the single-speaker Piper test model. */
export const PIPER_TEST_SINGLE_SPEAKER = { pitch: 1.1, amplitude: 0.4 } as const;

/** Radians per sample for a token id; id 0 (pad) is silent. */
export function kokoroTestFrequency(id: number): number {
  return id === 0 ? 0 : (2 * Math.PI * (110 + 7 * id)) / KOKORO_TEST_SAMPLE_RATE;
}

export function piperTestFrequency(id: number): number {
  return id === 0 ? 0 : (2 * Math.PI * (120 + 9 * id)) / PIPER_TEST_SAMPLE_RATE;
}

export function kokoroTableValues(): number[] {
  return Array.from({ length: KOKORO_TEST_ID_LIMIT }, (_, id) => kokoroTestFrequency(id));
}

export function piperTableValues(): number[] {
  return Array.from({ length: PIPER_TEST_ID_LIMIT }, (_, id) => piperTestFrequency(id));
}

/** Samples per token at a Kokoro speed (the model floors 480 / speed). */
export function kokoroSamplesPerToken(speed: number): number {
  return Math.floor(Math.fround(KOKORO_TEST_SAMPLES_PER_TOKEN / Math.fround(speed)));
}

export function piperSamplesPerId(lengthScale: number): number {
  return Math.floor(Math.fround(PIPER_TEST_SAMPLES_PER_ID * Math.fround(lengthScale)));
}

function mean(values: ArrayLike<number>, map: (value: number) => number = (v) => v): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += map(values[i] ?? 0);
  return sum / values.length;
}

/** The waveform the Kokoro test model produces for padded ids, a style row and a speed. */
export function kokoroReference(
  paddedIds: readonly number[],
  style: Float32Array,
  speed: number,
): Float32Array {
  const n = kokoroSamplesPerToken(speed);
  const pitch = 1 + mean(style);
  const amplitude = mean(style, Math.abs);
  return burst(paddedIds, n, kokoroTestFrequency, pitch, amplitude);
}

/** The waveform the Piper test model produces for ids, a length scale and a speaker (undefined: single). */
export function piperReference(ids: readonly number[], lengthScale: number, speaker?: number): Float32Array {
  const voice = speaker === undefined ? PIPER_TEST_SINGLE_SPEAKER : PIPER_TEST_SPEAKERS[speaker];
  if (!voice) throw new Error(`no test speaker ${speaker}`);
  return burst(ids, piperSamplesPerId(lengthScale), piperTestFrequency, voice.pitch, voice.amplitude);
}

export function burst(
  ids: readonly number[],
  samplesPerId: number,
  frequency: (id: number) => number,
  pitch: number,
  amplitude: number,
): Float32Array {
  const out = new Float32Array(ids.length * samplesPerId);
  ids.forEach((id, t) => {
    const step = frequency(id) * pitch;
    for (let k = 0; k < samplesPerId; k++) out[t * samplesPerId + k] = amplitude * Math.sin(step * k);
  });
  return out;
}

/**
 * Style vectors of the Kokoro test voices: 510 rows of 256 values. Row r of `af_test` averages 0.30 + 0.0002·r
 * (positive: higher pitch, louder); `am_test` averages −(0.20 + 0.0002·r) (lower pitch, quieter). The row
 * dependence lets tests see which row the engine picked.
 */
export function kokoroTestVoice(kind: 'af' | 'am'): Float32Array {
  const rows = 510;
  const values = new Float32Array(rows * 256);
  const sign = kind === 'af' ? 1 : -1;
  const base = kind === 'af' ? 0.3 : 0.2;
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < 256; j++)
      values[r * 256 + j] = sign * (base + 0.0002 * r + 0.01 * Math.cos(j * 0.7 + r));
  }
  return values;
}
