/**
 * Streaming look-ahead true-peak limiter, used after the loudness gain so an episode reaches its target
 * without its true peak passing the ceiling.
 *
 * Per sample m the detector (true-peak.ts) gives the peak of the reconstructed signal around m, and the
 * gain that sample needs is r[m] = min(1, ceiling / peak). The gain curve is:
 *   hold: the minimum of r over the last W + 2*HALF samples (W = look-ahead),
 *   release: rises back towards 1 no faster than the release time,
 *   smooth: the mean of the last W values (a linear fade of W samples instead of a step),
 * and the audio is delayed so the fade ends exactly at each peak and every sample within the
 * interpolator's reach of it (HALF on each side) gets at most the gain the peak needs. The delay is
 * compensated: flush() returns the tail, and the output has exactly as many frames as the input.
 * Stereo channels share one gain (no image shift).
 */
import { AudioArgumentError, AudioClosedError } from '../../audio/audio-errors';
import { dbToLinear, DEFAULT_CEILING_DBTP } from './gain';
import { TruePeakDetector } from './true-peak';

export interface LimiterOptions {
  sampleRate: number;
  channels: 1 | 2;
  /** Highest true peak allowed at the output (default -1 dBTP). */
  ceilingDbtp?: number;
  /** Gain applied before limiting (e.g. the loudness gain), linear. Default 1. */
  inputGain?: number;
  /** Fade-in time of a gain reduction (default 5 ms). */
  lookaheadMs?: number;
  /** Time for the gain to recover most of the way after a peak (default 80 ms). */
  releaseMs?: number;
}

export interface LimiterStats {
  /** Deepest gain reduction applied, in dB (0 = never limited). */
  maxReductionDb: number;
  /** Frames that left the limiter with less than unity gain. */
  limitedFrames: number;
}

/** Aims this far under the ceiling, for the small error of a gain that varies under the interpolator. */
const SAFETY_DB = 0.05;
/** Gains above this (-0.0001 dB) count as unity in the statistics. */
const UNITY = 0.999_988;

export class TruePeakLimiter {
  readonly sampleRate: number;
  readonly channels: 1 | 2;
  /** Frames between input and output (compensated by flush()). */
  readonly latencyFrames: number;
  private readonly ceiling: number;
  private readonly inputGain: number;
  private readonly lookahead: number;
  private readonly hold: number;
  private readonly releaseCoefficient: number;
  private readonly detectors: TruePeakDetector[];
  private readonly detectorLatency: number;
  private peaks: Float64Array[];
  private scaled: Float32Array = new Float32Array(0);
  /** Delay line of scaled input frames, interleaved. */
  private readonly delay: Float32Array;
  private delayPosition = 0;
  /** Monotonic deque (indices and values) for the sliding minimum of r. */
  private readonly dequeIndex: Float64Array;
  private readonly dequeValue: Float64Array;
  private dequeHead = 0;
  private dequeTail = 0;
  /** Ring of the last W released gains and their running sum. */
  private readonly box: Float64Array;
  private boxPosition = 0;
  private boxSum: number;
  private released = 1;
  /** Consecutive curve samples whose released gain was exactly 1 (the box is all ones once >= W). */
  private unityRun = 0;
  private previousPeak = 0;
  /** Index j of the next gain-curve sample (j = input index - detector latency). */
  private curveIndex: number;
  private inputFrames = 0;
  private outputFrames = 0;
  private minGain = 1;
  private limitedFrames = 0;
  private finished = false;

  constructor(options: LimiterOptions) {
    const { sampleRate, channels } = options;
    if (!Number.isInteger(sampleRate) || sampleRate < 8_000) {
      throw new AudioArgumentError(
        `The limiter needs an integer sample rate of at least 8000 Hz; got ${sampleRate}.`,
      );
    }
    if (channels !== 1 && channels !== 2) {
      throw new AudioArgumentError(
        `The limiter takes mono or stereo audio; got ${String(channels)} channels.`,
      );
    }
    const inputGain = options.inputGain ?? 1;
    if (!(inputGain >= 0) || !Number.isFinite(inputGain)) {
      throw new AudioArgumentError(
        `The limiter's input gain must be a finite number >= 0; got ${inputGain}.`,
      );
    }
    this.sampleRate = sampleRate;
    this.channels = channels;
    this.ceiling = dbToLinear((options.ceilingDbtp ?? DEFAULT_CEILING_DBTP) - SAFETY_DB);
    this.inputGain = inputGain;
    this.detectors = Array.from({ length: channels }, () => new TruePeakDetector(sampleRate));
    const detectorLatency = (this.detectors[0] as TruePeakDetector).latency;
    this.detectorLatency = detectorLatency;
    this.lookahead = Math.max(1, Math.round(((options.lookaheadMs ?? 5) * sampleRate) / 1000));
    this.hold = this.lookahead + 2 * detectorLatency;
    const releaseFrames = Math.max(1, ((options.releaseMs ?? 80) * sampleRate) / 1000);
    this.releaseCoefficient = 1 - Math.exp(-1 / releaseFrames);
    // Output frame k uses the mean of s[k + HALF .. k + HALF + W - 1], and s[j] needs input j + HALF.
    this.latencyFrames = this.lookahead - 1 + 2 * detectorLatency;
    this.delay = new Float32Array((this.latencyFrames + 1) * channels);
    this.dequeIndex = new Float64Array(this.hold + 2);
    this.dequeValue = new Float64Array(this.hold + 2);
    this.box = new Float64Array(this.lookahead).fill(1);
    this.boxSum = this.lookahead;
    this.peaks = Array.from({ length: channels }, () => new Float64Array(0));
    this.curveIndex = -detectorLatency;
  }

  get stats(): LimiterStats {
    const maxReductionDb = this.minGain < 1 ? -20 * Math.log10(this.minGain) : 0;
    return { maxReductionDb, limitedFrames: this.limitedFrames };
  }

  /** Limits one interleaved block; returns the frames that are ready (fewer than given at the start). */
  process(interleaved: Float32Array): Float32Array {
    if (this.finished) throw new AudioClosedError('This limiter');
    const channels = this.channels;
    const frames = interleaved.length / channels;
    if (!Number.isInteger(frames)) {
      throw new AudioArgumentError(
        `A ${channels}-channel block must hold whole frames; got ${interleaved.length} samples.`,
      );
    }
    this.inputFrames += frames;
    return this.run(interleaved, frames);
  }

  /** Ends the stream: returns the delayed tail, so the total output equals the input. */
  flush(): Float32Array {
    if (this.finished) throw new AudioClosedError('This limiter');
    this.finished = true;
    const remaining = this.inputFrames - this.outputFrames;
    const tail = this.run(new Float32Array(this.latencyFrames * this.channels), this.latencyFrames);
    return tail.subarray(0, remaining * this.channels);
  }

  private run(interleaved: Float32Array, frames: number): Float32Array {
    const channels = this.channels;
    if (this.scaled.length < interleaved.length) this.scaled = new Float32Array(interleaved.length);
    const scaled = this.scaled;
    const inputGain = this.inputGain;
    for (let i = 0; i < interleaved.length; i++) scaled[i] = (interleaved[i] as number) * inputGain;
    for (let c = 0; c < channels; c++) {
      if ((this.peaks[c] as Float64Array).length < frames) this.peaks[c] = new Float64Array(frames);
      const detector = this.detectors[c] as TruePeakDetector;
      detector.process(scaled, c, channels, frames, this.peaks[c] as Float64Array, 0, this.ceiling);
    }
    const firstOutput = this.curveIndex - this.detectorLatency - this.lookahead + 1;
    const outFrames = Math.max(0, Math.min(frames, firstOutput + frames));
    const out = new Float32Array(outFrames * channels);
    let o = 0;
    const delay = this.delay;
    const delayFrames = this.latencyFrames + 1;
    const left = this.peaks[0] as Float64Array;
    const right = channels === 2 ? (this.peaks[1] as Float64Array) : left;
    for (let i = 0; i < frames;) {
      if (this.relaxed()) {
        const end = this.relaxedRun(i, frames, left, right, scaled, out, o);
        o += this.emittedInRun;
        if (end > i) {
          i = end;
          continue;
        }
      }
      // 1. Gain this curve sample needs: the peak over (j - 1, j + 1).
      const peakHere = Math.max(left[i] as number, right[i] as number);
      const peak = Math.max(peakHere, this.previousPeak);
      this.previousPeak = peakHere;
      const required = peak > this.ceiling ? this.ceiling / peak : 1;
      const held = this.holdMinimum(this.curveIndex, required);
      // 2. Release towards unity, never above the held minimum.
      let released = this.released + (1 - this.released) * this.releaseCoefficient;
      if (released > UNITY) released = 1;
      if (released > held) released = held;
      this.released = released;
      this.unityRun = released === 1 ? this.unityRun + 1 : 0;
      // 3. Mean of the last W released values.
      this.boxSum += released - (this.box[this.boxPosition] as number);
      this.box[this.boxPosition] = released;
      if (++this.boxPosition === this.lookahead) {
        this.boxPosition = 0;
        this.boxSum = this.box.reduce((a, b) => a + b, 0);
      }
      const gain = Math.min(1, this.boxSum / this.lookahead);
      // 4. Store this frame, then take the frame `latency` earlier, which this gain belongs to.
      for (let c = 0; c < channels; c++)
        delay[this.delayPosition * channels + c] = scaled[i * channels + c] as number;
      this.delayPosition = this.delayPosition + 1 === delayFrames ? 0 : this.delayPosition + 1;
      const outputIndex = this.curveIndex - this.detectorLatency - this.lookahead + 1;
      if (outputIndex >= 0) {
        const slot = this.delayPosition * channels;
        for (let c = 0; c < channels; c++) out[o * channels + c] = (delay[slot + c] as number) * gain;
        o++;
        if (gain < UNITY) {
          this.limitedFrames++;
          if (gain < this.minGain) this.minGain = gain;
        }
      }
      this.curveIndex++;
      i++;
    }
    this.outputFrames += o;
    return out;
  }

  /**
   * At rest: the released gain is 1, so are the last W of them (the box, and its sum exactly W) and every
   * value in the hold window. While the peaks stay under the ceiling the loop above then changes nothing
   * but positions: the gain stays exactly 1 and each output frame is the delayed input frame.
   */
  private relaxed(): boolean {
    return (
      this.released === 1 &&
      this.unityRun >= this.lookahead &&
      this.boxSum === this.lookahead &&
      this.dequeTail !== this.dequeHead &&
      this.dequeValue[this.dequeHead] === 1
    );
  }

  /** Output frames written by the last {@link relaxedRun}. */
  private emittedInRun = 0;

  /**
   * Frames from `from` on whose peak (and the one before) stays under the ceiling, at rest (see
   * {@link relaxed}): the same state changes and output as the per-frame loop, without computing a gain.
   * Returns the first frame not taken; sets {@link emittedInRun}.
   */
  private relaxedRun(
    from: number,
    frames: number,
    left: Float64Array,
    right: Float64Array,
    scaled: Float32Array,
    out: Float32Array,
    firstOut: number,
  ): number {
    const channels = this.channels;
    const ceiling = this.ceiling;
    const delay = this.delay;
    const delayFrames = this.latencyFrames + 1;
    let previousPeak = this.previousPeak;
    let i = from;
    let o = firstOut;
    let position = this.delayPosition;
    let outputIndex = this.curveIndex - this.detectorLatency - this.lookahead + 1;
    // Peaks first: as in the loop, a frame needs less than unity only when max(peak, previous) > ceiling.
    for (; i < frames; i++) {
      const peakHere = channels === 1 ? (left[i] as number) : Math.max(left[i] as number, right[i] as number);
      if (Math.max(peakHere, previousPeak) > ceiling) break;
      previousPeak = peakHere;
    }
    const end = i;
    // Through the delay line at gain 1 (mono on its own: the hot case, without the channel loops).
    if (channels === 1) {
      for (let f = from; f < end; f++) {
        delay[position] = scaled[f] as number;
        position = position + 1 === delayFrames ? 0 : position + 1;
        if (outputIndex >= 0) out[o++] = (delay[position] as number) * 1;
        outputIndex++;
      }
    } else {
      for (let f = from; f < end; f++) {
        for (let c = 0; c < channels; c++)
          delay[position * channels + c] = scaled[f * channels + c] as number;
        position = position + 1 === delayFrames ? 0 : position + 1;
        if (outputIndex >= 0) {
          const slot = position * channels;
          for (let c = 0; c < channels; c++) out[o * channels + c] = (delay[slot + c] as number) * 1;
          o++;
        }
        outputIndex++;
      }
    }
    const taken = end - from;
    this.emittedInRun = o - firstOut;
    if (taken === 0) return from;
    this.previousPeak = previousPeak;
    this.delayPosition = position;
    this.curveIndex += taken;
    this.unityRun += taken;
    this.boxPosition = (this.boxPosition + taken) % this.lookahead;
    // The hold window now holds only ones: one entry (the newest) stands for them all.
    this.dequeIndex[this.dequeHead] = this.curveIndex - 1;
    this.dequeTail = (this.dequeHead + 1) % this.dequeIndex.length;
    return end;
  }

  /** Sliding minimum of r over the last `hold` curve samples. */
  private holdMinimum(index: number, value: number): number {
    const size = this.dequeIndex.length;
    while (this.dequeTail !== this.dequeHead) {
      const last = (this.dequeTail - 1 + size) % size;
      if ((this.dequeValue[last] as number) < value) break;
      this.dequeTail = last;
    }
    this.dequeIndex[this.dequeTail] = index;
    this.dequeValue[this.dequeTail] = value;
    this.dequeTail = (this.dequeTail + 1) % size;
    while ((this.dequeIndex[this.dequeHead] as number) <= index - this.hold) {
      this.dequeHead = (this.dequeHead + 1) % size;
    }
    return this.dequeValue[this.dequeHead] as number;
  }
}
