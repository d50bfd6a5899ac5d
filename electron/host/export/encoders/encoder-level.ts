/**
 * What an encoder does to the level, so that the loudness plan can aim the encoder's input and the
 * delivered file meets the target and the true-peak ceiling.
 *
 * - LAME's constant-bit-rate presets scale the input before coding (the `scale` column of its ABR/CBR
 *   preset table, which lamejs keeps): 0.95 up to 160 kbps, 0.97 at 192, 0.98 at 224, 1 from 256 kbps.
 *   Measured through our encoder and ffmpeg's decoder: a 1 kHz sine comes back at exactly these factors.
 *   Without this an MP3 normalised to −16 LUFS measured −16.4 LUFS.
 * - Lossy coding adds inter-sample overshoot on decoding (measured +0.25 dB on speech at 128 kbps), so
 *   MP3 keeps 0.5 dB more true-peak headroom under the ceiling.
 * PCM formats (WAV, FLAC) deliver the samples as they are.
 */
import type { ExportOptions } from '../../../../shared/api/studio-api';

export interface EncoderLevel {
  /** Level change from the encoder's input to the decoded file, dB (≤ 0). */
  gainDb: number;
  /** True-peak headroom kept for coding overshoot, dB. */
  peakMarginDb: number;
}

const LAME_PRESET_SCALE: readonly [maxKbps: number, scale: number][] = [
  [160, 0.95],
  [192, 0.97],
  [224, 0.98],
  [Infinity, 1],
];

export const MP3_PEAK_MARGIN_DB = 0.5;

export function encoderLevel(options: Pick<ExportOptions, 'format' | 'mp3BitrateKbps'>): EncoderLevel {
  if (options.format !== 'mp3') return { gainDb: 0, peakMarginDb: 0 };
  const scale = LAME_PRESET_SCALE.find(([maxKbps]) => options.mp3BitrateKbps <= maxKbps)?.[1] ?? 1;
  return { gainDb: 20 * Math.log10(scale), peakMarginDb: MP3_PEAK_MARGIN_DB };
}
