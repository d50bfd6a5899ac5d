/**
 * Min/max peaks for waveform drawing: one (min, max) pair per `samplesPerPeak` frames, over all channels,
 * built while the audio streams past. Peaks are laid out flat: [min0, max0, min1, max1, ...].
 */
import { AudioArgumentError } from './audio-errors';

export class PeakBuilder {
  readonly samplesPerPeak: number;
  readonly channels: number;
  private pending: Float32Array = new Float32Array(256);
  private pendingValues = 0;
  private framesInPeak = 0;
  private min = Infinity;
  private max = -Infinity;
  private total = 0;

  constructor(samplesPerPeak: number, channels = 1) {
    if (!Number.isInteger(samplesPerPeak) || samplesPerPeak < 1) {
      throw new AudioArgumentError(`samplesPerPeak must be a positive integer; got ${samplesPerPeak}.`);
    }
    if (!Number.isInteger(channels) || channels < 1) {
      throw new AudioArgumentError(`Peaks need at least one channel; got ${channels}.`);
    }
    this.samplesPerPeak = samplesPerPeak;
    this.channels = channels;
  }

  /** Peaks completed so far, drained or not. */
  get peakCount(): number {
    return this.total;
  }

  push(interleaved: Float32Array): void {
    if (interleaved.length % this.channels !== 0) {
      throw new AudioArgumentError(
        `A ${this.channels}-channel block must hold whole frames; got ${interleaved.length} samples.`,
      );
    }
    const channels = this.channels;
    const perPeak = this.samplesPerPeak;
    let min = this.min;
    let max = this.max;
    let framesInPeak = this.framesInPeak;
    for (let i = 0; i < interleaved.length; i += channels) {
      for (let c = 0; c < channels; c++) {
        const v = interleaved[i + c] as number;
        if (v < min) min = v;
        if (v > max) max = v;
      }
      if (++framesInPeak === perPeak) {
        this.emit(min, max);
        min = Infinity;
        max = -Infinity;
        framesInPeak = 0;
      }
    }
    this.min = min;
    this.max = max;
    this.framesInPeak = framesInPeak;
  }

  /** Peaks completed since the last drain(). */
  drain(): Float32Array {
    const out = this.pending.slice(0, this.pendingValues);
    this.pendingValues = 0;
    return out;
  }

  /** Ends the stream: undrained peaks plus the last partial one; then starts over. */
  finish(): Float32Array {
    if (this.framesInPeak > 0) this.emit(this.min, this.max);
    const out = this.drain();
    this.min = Infinity;
    this.max = -Infinity;
    this.framesInPeak = 0;
    this.total = 0;
    return out;
  }

  private emit(min: number, max: number): void {
    if (!(min <= max)) {
      // Only NaN in this peak: draw silence.
      min = 0;
      max = 0;
    }
    if (this.pendingValues + 2 > this.pending.length) {
      const grown = new Float32Array(this.pending.length * 2);
      grown.set(this.pending);
      this.pending = grown;
    }
    this.pending[this.pendingValues++] = min;
    this.pending[this.pendingValues++] = max;
    this.total++;
  }
}

/** Peaks of a whole (small) buffer in one call. */
export function computePeaks(interleaved: Float32Array, samplesPerPeak: number, channels = 1): Float32Array {
  const builder = new PeakBuilder(samplesPerPeak, channels);
  builder.push(interleaved);
  return builder.finish();
}
