/**
 * Finding the gain that meets a loudness target under a true-peak ceiling, for a programme that can be
 * streamed more than once (the export re-reads its assembled audio): measure it, and if the gain alone
 * would pass the ceiling, run the limiter over it (measuring only, nothing written) and correct the gain
 * for the loudness the limiter takes away, until the limited result is within tolerance of the target.
 * The limiter is deterministic, so the encode pass with the planned gain reproduces the planned result;
 * the export goes further and encodes during the limited passes themselves (`startPlan` +
 * `LimitedGainSearch`), so a plan that hits the target at the first guess costs no extra pass. The first
 * guess already allows for the loudness the limiter will take, predicted from the measurement's peak
 * profile (peak-profile.ts): on espeak-ng episodes at the usual targets it lands within the tolerance.
 */
import { gainForTarget, dbToLinear, DEFAULT_CEILING_DBTP } from './gain';
import type { GainDecision } from './gain';
import { TruePeakLimiter } from './limiter';
import { LoudnessMeter } from './loudness-meter';
import type { LoudnessResult } from './loudness-meter';
import type { PeakProfile } from './peak-profile';
import { predictedLimiterLossDb } from './peak-profile';

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
  /** Gain the first guess added for the loudness the limiter will take (dB, ≥ 0; 0 without the limiter). */
  limiterMakeUpDb: number;
  /** False when the target could not be reached within maxMakeUpDb or the passes allowed. */
  reachedTarget: boolean;
}

export type BlockSource = () => AsyncIterable<Float32Array>;

export async function planLoudness(source: BlockSource, options: LoudnessPlanOptions): Promise<LoudnessPlan> {
  const meter = new LoudnessMeter(options.sampleRate, options.channels);
  for await (const block of source()) {
    options.signal?.throwIfAborted();
    meter.push(block);
  }
  const plan = startPlan(meter.result(), options);
  if (!plan.useLimiter) return plan;
  const search = new LimitedGainSearch(plan, options);
  for (;;) {
    const result = await measureLimited(source, options, dbToLinear(search.gainDb), plan.ceilingDbtp);
    plan.passes++;
    if (search.record(result)) return plan;
  }
}

/**
 * The plan after measuring the source: a plain gain, or (when that gain would pass the ceiling) the limiter
 * with the plain gain as the first guess, to be refined by `LimitedGainSearch`.
 */
export function startPlan(measured: LoudnessResult, options: LoudnessPlanOptions): LoudnessPlan {
  const ceilingDbtp = options.ceilingDbtp ?? DEFAULT_CEILING_DBTP;
  const decision = gainForTarget(
    measured.integratedLufs,
    options.targetLufs,
    measured.truePeakDbtp,
    ceilingDbtp,
  );
  const useLimiter = decision.status === 'needs-limiter';
  const firstGuessDb =
    useLimiter && measured.peakProfile
      ? gainAllowingForLimiter(measured.peakProfile, decision.gainDb, ceilingDbtp, options.maxMakeUpDb ?? 6)
      : decision.gainDb;
  return {
    source: measured,
    decision,
    inputGain: dbToLinear(firstGuessDb),
    inputGainDb: firstGuessDb,
    useLimiter,
    ceilingDbtp,
    expectedLufs: measured.integratedLufs === null ? null : options.targetLufs,
    expectedTruePeakDbtp: decision.predictedTruePeakDbtp,
    passes: 1,
    limiterMakeUpDb: firstGuessDb - decision.gainDb,
    reachedTarget: decision.status !== 'silent',
  };
}

/**
 * The gain G before the limiter whose limited result meets the target: G + loss(G) = plainGainDb, with
 * loss(G) predicted from the peak profile (G + loss(G) rises with G, so bisection finds it).
 */
export function gainAllowingForLimiter(
  profile: PeakProfile,
  plainGainDb: number,
  ceilingDbtp: number,
  maxMakeUpDb: number,
): number {
  const reached = (gainDb: number) => gainDb + predictedLimiterLossDb(profile, gainDb, ceilingDbtp);
  let low = plainGainDb;
  let high = plainGainDb + maxMakeUpDb;
  if (reached(high) <= plainGainDb) return high;
  for (let i = 0; i < 40 && high - low > 1e-4; i++) {
    const middle = (low + high) / 2;
    if (reached(middle) < plainGainDb) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}

/**
 * Finds the gain before the limiter that brings the limited result to the target: try `gainDb`, report
 * what the limited output measured with `record`, repeat until it returns true. Each limited pass may be
 * the real encode (the limiter is deterministic), so the search never needs a pass of its own once the
 * first guess is close enough. Updates the plan it was given as it goes.
 */
export class LimitedGainSearch {
  private readonly tolerance: number;
  private readonly maxPasses: number;
  private readonly maxGainDb: number;
  private previous: { gainDb: number; lufs: number } | null = null;
  private tries = 0;
  gainDb: number;

  constructor(
    private readonly plan: LoudnessPlan,
    private readonly options: LoudnessPlanOptions,
  ) {
    this.tolerance = options.toleranceLu ?? 0.1;
    this.maxPasses = options.maxLimiterPasses ?? 4;
    this.maxGainDb = plan.decision.gainDb + (options.maxMakeUpDb ?? 6);
    this.gainDb = plan.inputGainDb;
  }

  /** What a limited pass at `gainDb` measured; true when the search is over (reached or given up). */
  record(result: LoudnessResult): boolean {
    const plan = this.plan;
    const target = this.options.targetLufs;
    const lufs = result.integratedLufs ?? -Infinity;
    this.tries++;
    plan.inputGainDb = this.gainDb;
    plan.inputGain = dbToLinear(this.gainDb);
    plan.expectedLufs = result.integratedLufs;
    plan.expectedTruePeakDbtp = result.truePeakDbtp;
    plan.reachedTarget = Math.abs(lufs - target) <= this.tolerance;
    if (plan.reachedTarget || !Number.isFinite(lufs) || this.tries >= this.maxPasses) return true;
    // Secant step on (gain dB -> loudness), falling back to a plain step the first time.
    let slope = 1;
    const previous = this.previous;
    if (previous !== null && Math.abs(lufs - previous.lufs) > 1e-6) {
      slope = Math.min(1, Math.max(0.05, (lufs - previous.lufs) / (this.gainDb - previous.gainDb)));
    }
    this.previous = { gainDb: this.gainDb, lufs };
    const next = Math.min(this.maxGainDb, this.gainDb + (target - lufs) / slope);
    if (Math.abs(next - this.gainDb) < 1e-3) return true;
    this.gainDb = next;
    return false;
  }
}

async function measureLimited(
  source: BlockSource,
  options: LoudnessPlanOptions,
  inputGain: number,
  ceilingDbtp: number,
): Promise<LoudnessResult> {
  const { sampleRate, channels } = options;
  const limiter = new TruePeakLimiter({ sampleRate, channels, inputGain, ceilingDbtp });
  const meter = new LoudnessMeter(sampleRate, channels, { peakProfile: false });
  for await (const block of source()) {
    options.signal?.throwIfAborted();
    meter.push(limiter.process(block));
  }
  meter.push(limiter.flush());
  return meter.result();
}
