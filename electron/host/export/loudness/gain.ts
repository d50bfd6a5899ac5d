/** Turning a loudness measurement into the gain that reaches a target under a true-peak ceiling. */
import { dbToFactor } from '../../../../shared/model/speaker-levels';

export const DEFAULT_CEILING_DBTP = -1;
/**
 * Without normalisation the level is left as rendered, except that true peaks are held under this so
 * nothing clips (resampling a full-scale take overshoots it); below it the output is the source itself.
 */
export const CLIP_GUARD_DBTP = -0.1;

export interface GainDecision {
  /** Linear gain that brings the integrated loudness to the target. */
  gain: number;
  gainDb: number;
  /** True peak after that gain, before any limiting. */
  predictedTruePeakDbtp: number;
  /**
   * 'ok': the gain alone reaches the target under the ceiling.
   * 'needs-limiter': the gain would push the true peak over the ceiling; run the true-peak limiter
   *   (limiter.ts) after it, or use `ceilingGain` and accept a quieter result.
   * 'silent': nothing above the -70 LUFS gate was measured; the gain is 1.
   */
  status: 'ok' | 'needs-limiter' | 'silent';
  /** The largest gain that keeps the true peak at or under the ceiling without a limiter (<= gain). */
  ceilingGain: number;
  ceilingGainDb: number;
  /** Loudness reached with `ceilingGain` alone. */
  loudnessAtCeilingGainLufs: number | null;
}

/** A gain in dB as a linear factor (the same conversion the speaker levels use). */
export const dbToLinear = dbToFactor;

/**
 * The gain for a target loudness honouring a true-peak ceiling.
 * @param measuredLufs integrated loudness of the programme (null for silence)
 * @param targetLufs e.g. -16 for stereo, -19 for mono podcasts
 * @param truePeakDbtp measured true peak of the programme
 * @param ceilingDbtp highest true peak allowed after the gain (default -1 dBTP)
 */
export function gainForTarget(
  measuredLufs: number | null,
  targetLufs: number,
  truePeakDbtp: number,
  ceilingDbtp = DEFAULT_CEILING_DBTP,
): GainDecision {
  if (measuredLufs === null || !Number.isFinite(measuredLufs)) {
    return {
      gain: 1,
      gainDb: 0,
      predictedTruePeakDbtp: truePeakDbtp,
      status: 'silent',
      ceilingGain: 1,
      ceilingGainDb: 0,
      loudnessAtCeilingGainLufs: null,
    };
  }
  const gainDb = targetLufs - measuredLufs;
  const predictedTruePeakDbtp = truePeakDbtp + gainDb;
  const fits = predictedTruePeakDbtp <= ceilingDbtp;
  const ceilingGainDb = fits ? gainDb : ceilingDbtp - truePeakDbtp;
  return {
    gain: dbToLinear(gainDb),
    gainDb,
    predictedTruePeakDbtp,
    status: fits ? 'ok' : 'needs-limiter',
    ceilingGain: dbToLinear(ceilingGainDb),
    ceilingGainDb,
    loudnessAtCeilingGainLufs: measuredLufs + ceilingGainDb,
  };
}
