/**
 * Finding the gain that meets a loudness target under a true-peak ceiling, for a programme that can be
 * streamed more than once (the export re-reads its assembled audio): measure it, and if the gain alone
 * would pass the ceiling, run the limiter over it (measuring only, nothing written) and correct the gain
 * for the loudness the limiter takes away, until the limited result is within tolerance of the target.
 * The limiter is deterministic, so the encode pass with the planned gain reproduces the planned result.
 */
import { gainForTarget, dbToLinear, DEFAULT_CEILING_DBTP } from './gain';
import type { GainDecision } from './gain';
import { TruePeakLimiter } from './limiter';
import { LoudnessMeter } from './loudness-meter';
import type { LoudnessResult } from './loudness-meter';

export interface LoudnessPlanOptions {
  sampleRate: number;
  channels: 1 | 2;
  targetLufs: number;
  ceilingDbtp?: number;
  /** Accept the limited result this close to the target (default 0.1 LU). */
  toleranceLu?: number;
  /** Limiter passes at most (default 4). */
  maxLimiterPasses?: number;
  /** Never push the gain more than this far past the plain gain to make up for limiting (default 6 dB). */
  maxMakeUpDb?: number;
  /** Stop early (e.g. the export was cancelled). */
  signal?: AbortSignal;
}

export interface LoudnessPlan {
  /** Measurement of the source as it is. */
  source: LoudnessResult;
  decision: GainDecision;
  /** Gain to apply before the limiter (linear and dB). */
  inputGain: number;
  inputGainDb: number;
  /** Whether the encode pass must run the limiter (with the same ceiling). */
  useLimiter: boolean;
  ceilingDbtp: number;
  /** What the output will measure (from the last limiter pass, or predicted from the gain). */
  expectedLufs: number | null;
  expectedTruePeakDbtp: number;
  /** Full passes over the source this plan took (1 without the limiter). */
  passes: number;
  /** False when the target could not be reached within maxMakeUpDb or the passes allowed. */
  reachedTarget: boolean;
}

export type BlockSource = () => AsyncIterable<Float32Array>;

export async function planLoudness(source: BlockSource, options: LoudnessPlanOptions): Promise<LoudnessPlan> {
  const { sampleRate, channels, targetLufs } = options;
  const ceilingDbtp = options.ceilingDbtp ?? DEFAULT_CEILING_DBTP;
  const tolerance = options.toleranceLu ?? 0.1;
  const maxPasses = options.maxLimiterPasses ?? 4;
  const maxMakeUpDb = options.maxMakeUpDb ?? 6;

  const meter = new LoudnessMeter(sampleRate, channels);
  for await (const block of source()) {
    options.signal?.throwIfAborted();
    meter.push(block);
  }
  const measured = meter.result();
  const decision = gainForTarget(measured.integratedLufs, targetLufs, measured.truePeakDbtp, ceilingDbtp);
  const plan: LoudnessPlan = {
    source: measured,
    decision,
    inputGain: decision.gain,
    inputGainDb: decision.gainDb,
    useLimiter: false,
    ceilingDbtp,
    expectedLufs: measured.integratedLufs === null ? null : targetLufs,
    expectedTruePeakDbtp: decision.predictedTruePeakDbtp,
    passes: 1,
    reachedTarget: decision.status !== 'silent',
  };
  if (decision.status !== 'needs-limiter') return plan;

  plan.useLimiter = true;
  let gainDb = decision.gainDb;
  let previous: { gainDb: number; lufs: number } | null = null;
  for (let pass = 0; pass < maxPasses; pass++) {
    const result = await measureLimited(source, options, dbToLinear(gainDb), ceilingDbtp);
    plan.passes++;
    const lufs = result.integratedLufs ?? -Infinity;
    plan.inputGainDb = gainDb;
    plan.inputGain = dbToLinear(gainDb);
    plan.expectedLufs = result.integratedLufs;
    plan.expectedTruePeakDbtp = result.truePeakDbtp;
    plan.reachedTarget = Math.abs(lufs - targetLufs) <= tolerance;
    if (plan.reachedTarget || !Number.isFinite(lufs)) break;
    // Secant step on (gain dB -> loudness), falling back to a plain step the first time.
    let slope = 1;
    if (previous !== null && Math.abs(lufs - previous.lufs) > 1e-6) {
      slope = Math.min(1, Math.max(0.05, (lufs - previous.lufs) / (gainDb - previous.gainDb)));
    }
    previous = { gainDb, lufs };
    const next = Math.min(decision.gainDb + maxMakeUpDb, gainDb + (targetLufs - lufs) / slope);
    if (Math.abs(next - gainDb) < 1e-3) break;
    gainDb = next;
  }
  return plan;
}

async function measureLimited(
  source: BlockSource,
  options: LoudnessPlanOptions,
  inputGain: number,
  ceilingDbtp: number,
): Promise<LoudnessResult> {
  const { sampleRate, channels } = options;
  const limiter = new TruePeakLimiter({ sampleRate, channels, inputGain, ceilingDbtp });
  const meter = new LoudnessMeter(sampleRate, channels);
  for await (const block of source()) {
    options.signal?.throwIfAborted();
    meter.push(limiter.process(block));
  }
  meter.push(limiter.flush());
  return meter.result();
}
