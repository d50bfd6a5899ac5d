/**
 * Streaming integrated loudness after ITU-R BS.1770-4 / EBU R 128: K-weighting, mean square per channel
 * over 400 ms blocks with 75 % overlap (one block every 100 ms), channel weights 1.0 for mono and for
 * left/right, an absolute gate at -70 LUFS and a relative gate 10 LU below the absolutely gated level.
 * Only the per-block powers are kept (8 bytes per 100 ms), never the audio. True peak (see true-peak.ts)
 * and sample peak are measured in the same pass.
 */
import { AudioArgumentError } from '../../audio/audio-errors';
import { KWeightingFilter } from './k-weighting';
import type { PeakProfile } from './peak-profile';
import { PeakProfiler } from './peak-profile';
import { TruePeakDetector } from './true-peak';

const ABSOLUTE_GATE_LUFS = -70;
const RELATIVE_GATE_LU = -10;
const QUARTERS_PER_BLOCK = 4;
const PEAK_CHUNK = 4096;

export interface LoudnessResult {
  sampleRate: number;
  channels: 1 | 2;
  durationSamples: number;
  /** Integrated loudness in LUFS, or null when no 400 ms block rises above -70 LUFS (silence). */
  integratedLufs: number | null;
  /** The relative gate that applied, in LUFS (null together with integratedLufs). */
  relativeGateLufs: number | null;
  /** Complete 400 ms blocks measured, and how many of them passed both gates. */
  blockCount: number;
  gatedBlockCount: number;
  /** Linear peaks (1.0 = full scale) and the same in dB (-Infinity for digital silence). */
  truePeak: number;
  truePeakDbtp: number;
  samplePeak: number;
  samplePeakDbfs: number;
  /** Energy by short-window peak, for predicting what the limiter takes (absent when not asked for). */
  peakProfile?: PeakProfile;
}

export function powerToLufs(meanSquare: number): number {
  return -0.691 + 10 * Math.log10(meanSquare);
}

export function lufsToPower(lufs: number): number {
  return 10 ** ((lufs + 0.691) / 10);
}

export function linearToDb(value: number): number {
  return 20 * Math.log10(value);
}

export class LoudnessMeter {
  readonly sampleRate: number;
  readonly channels: 1 | 2;
  private readonly filters: KWeightingFilter[];
  private readonly peakDetectors: TruePeakDetector[];
  /** Channel energies and lengths of the last four 100 ms quarters (ring). */
  private readonly quarterEnergy: Float64Array;
  private readonly quarterFrames = new Float64Array(QUARTERS_PER_BLOCK);
  private readonly currentEnergy: Float64Array;
  private quarterIndex = 0;
  private framesIntoQuarter = 0;
  private currentQuarterLength: number;
  private blockPowers = new Float64Array(1024);
  private blockCount = 0;
  private frames = 0;
  private truePeak = 0;
  private samplePeak = 0;
  private readonly profiler: PeakProfiler | null;

  /**
   * `peakProfile` (default on) also keeps the energy-by-peak profile that lets a loudness plan predict the
   * limiter (peak-profile.ts); meters of an output that is already limited turn it off.
   */
  constructor(
    sampleRate: number,
    channels: 1 | 2,
    options: { truePeak?: boolean; peakProfile?: boolean } = {},
  ) {
    if (!Number.isInteger(sampleRate) || sampleRate < 8_000) {
      throw new AudioArgumentError(
        `Loudness needs an integer sample rate of at least 8000 Hz; got ${sampleRate}.`,
      );
    }
    if (channels !== 1 && channels !== 2) {
      throw new AudioArgumentError(
        `Loudness is measured on mono or stereo audio; got ${String(channels)} channels.`,
      );
    }
    this.sampleRate = sampleRate;
    this.channels = channels;
    this.filters = Array.from({ length: channels }, () => new KWeightingFilter(sampleRate));
    this.peakDetectors =
      options.truePeak === false
        ? []
        : Array.from({ length: channels }, () => new TruePeakDetector(sampleRate));
    this.quarterEnergy = new Float64Array(QUARTERS_PER_BLOCK * channels);
    this.currentEnergy = new Float64Array(channels);
    this.currentQuarterLength = this.quarterBoundary(1);
    this.profiler = options.peakProfile === false ? null : new PeakProfiler(sampleRate, channels);
  }

  push(interleaved: Float32Array): void {
    const channels = this.channels;
    const frames = interleaved.length / channels;
    if (!Number.isInteger(frames)) {
      throw new AudioArgumentError(
        `A ${channels}-channel block must hold whole frames; got ${interleaved.length} samples.`,
      );
    }
    this.measurePeaks(interleaved, frames);
    this.profiler?.push(interleaved);
    let frame = 0;
    while (frame < frames) {
      const count = Math.min(frames - frame, this.currentQuarterLength - this.framesIntoQuarter);
      for (let c = 0; c < channels; c++) {
        const filter = this.filters[c] as KWeightingFilter;
        const energy = filter.sumOfSquares(interleaved, frame * channels + c, channels, count);
        this.currentEnergy[c] = (this.currentEnergy[c] as number) + energy;
      }
      frame += count;
      this.framesIntoQuarter += count;
      if (this.framesIntoQuarter === this.currentQuarterLength) this.endQuarter();
    }
    this.frames += frames;
  }

  /** The measurement so far (callable at any time; the stream may continue afterwards). */
  result(): LoudnessResult {
    const absolutePower = lufsToPower(ABSOLUTE_GATE_LUFS);
    let sum = 0;
    let count = 0;
    for (let i = 0; i < this.blockCount; i++) {
      const power = this.blockPowers[i] as number;
      if (power > absolutePower) {
        sum += power;
        count++;
      }
    }
    let integratedLufs: number | null = null;
    let relativeGateLufs: number | null = null;
    let gatedBlockCount = 0;
    if (count > 0) {
      const relativePower = (sum / count) * 10 ** (RELATIVE_GATE_LU / 10);
      relativeGateLufs = powerToLufs(relativePower);
      let gatedSum = 0;
      for (let i = 0; i < this.blockCount; i++) {
        const power = this.blockPowers[i] as number;
        if (power > absolutePower && power > relativePower) {
          gatedSum += power;
          gatedBlockCount++;
        }
      }
      integratedLufs = powerToLufs(gatedSum / gatedBlockCount);
    }
    let truePeak = this.truePeak;
    for (const detector of this.peakDetectors) truePeak = Math.max(truePeak, detector.tailPeak());
    if (this.peakDetectors.length === 0) truePeak = this.samplePeak;
    return {
      sampleRate: this.sampleRate,
      channels: this.channels,
      durationSamples: this.frames,
      integratedLufs,
      relativeGateLufs,
      blockCount: this.blockCount,
      gatedBlockCount,
      truePeak,
      truePeakDbtp: linearToDb(truePeak),
      samplePeak: this.samplePeak,
      samplePeakDbfs: linearToDb(this.samplePeak),
      ...(this.profiler ? { peakProfile: this.profiler.result() } : {}),
    };
  }

  private measurePeaks(interleaved: Float32Array, frames: number): void {
    let samplePeak = this.samplePeak;
    for (let i = 0; i < interleaved.length; i++) {
      const v = Math.abs(interleaved[i] as number);
      if (v > samplePeak) samplePeak = v;
    }
    this.samplePeak = samplePeak;
    if (this.peakDetectors.length === 0) return;
    for (let start = 0; start < frames; start += PEAK_CHUNK) {
      const count = Math.min(PEAK_CHUNK, frames - start);
      for (let c = 0; c < this.channels; c++) {
        const detector = this.peakDetectors[c] as TruePeakDetector;
        const peak = detector.maxPeak(
          interleaved,
          start * this.channels + c,
          this.channels,
          count,
          this.truePeak,
        );
        if (peak > this.truePeak) this.truePeak = peak;
      }
    }
  }

  private endQuarter(): void {
    const slot = this.quarterIndex % QUARTERS_PER_BLOCK;
    for (let c = 0; c < this.channels; c++) {
      this.quarterEnergy[slot * this.channels + c] = this.currentEnergy[c] as number;
      this.currentEnergy[c] = 0;
    }
    this.quarterFrames[slot] = this.currentQuarterLength;
    this.quarterIndex++;
    if (this.quarterIndex >= QUARTERS_PER_BLOCK) {
      let frames = 0;
      for (let q = 0; q < QUARTERS_PER_BLOCK; q++) frames += this.quarterFrames[q] as number;
      let power = 0;
      // Channel weights G = 1.0 for mono, left and right.
      for (let c = 0; c < this.channels; c++) {
        let energy = 0;
        for (let q = 0; q < QUARTERS_PER_BLOCK; q++)
          energy += this.quarterEnergy[q * this.channels + c] as number;
        power += energy / frames;
      }
      this.addBlock(power);
    }
    this.framesIntoQuarter = 0;
    this.currentQuarterLength =
      this.quarterBoundary(this.quarterIndex + 1) - this.quarterBoundary(this.quarterIndex);
  }

  /** First frame of 100 ms quarter q (exact for rates divisible by 10, rounded otherwise). */
  private quarterBoundary(q: number): number {
    return Math.round((q * this.sampleRate) / 10);
  }

  private addBlock(power: number): void {
    if (this.blockCount === this.blockPowers.length) {
      const grown = new Float64Array(this.blockPowers.length * 2);
      grown.set(this.blockPowers);
      this.blockPowers = grown;
    }
    this.blockPowers[this.blockCount++] = power;
  }
}
