/**
 * Pressure level of one memory resource from its free fraction, with hysteresis: a level is entered when
 * the free fraction falls below its enter threshold (at once — memory runs out fast) and left only when
 * the free fraction has stayed above its (higher) exit threshold for a dwell time. A noisy reading that
 * hovers around one threshold therefore changes the level once, not on every sample.
 */
export type PressureLevel = 'normal' | 'elevated' | 'high' | 'critical';

export const PRESSURE_LEVELS: readonly PressureLevel[] = ['normal', 'elevated', 'high', 'critical'];

export function levelRank(level: PressureLevel): number {
  return PRESSURE_LEVELS.indexOf(level);
}

export interface LevelThreshold {
  /** The level is entered when free memory falls below this fraction of the total. */
  enterBelowFreeFraction: number;
  /** ...and left when free memory rises above this fraction (must be higher than the enter fraction). */
  exitAboveFreeFraction: number;
}

export type PressureThresholds = Record<Exclude<PressureLevel, 'normal'>, LevelThreshold>;

/** elevated from 80 % used (back below 75 %), high from 90 % (86 %), critical from 95 % (92 %). */
export const DEFAULT_THRESHOLDS: PressureThresholds = {
  elevated: { enterBelowFreeFraction: 0.2, exitAboveFreeFraction: 0.25 },
  high: { enterBelowFreeFraction: 0.1, exitAboveFreeFraction: 0.14 },
  critical: { enterBelowFreeFraction: 0.05, exitAboveFreeFraction: 0.08 },
};

export function validateThresholds(thresholds: PressureThresholds): void {
  let previousEnter = 1;
  for (const level of ['elevated', 'high', 'critical'] as const) {
    const { enterBelowFreeFraction: enter, exitAboveFreeFraction: exit } = thresholds[level];
    if (!(enter > 0 && enter < 1 && exit > enter && exit < 1)) {
      throw new RangeError(`pressure threshold "${level}": need 0 < enter (${enter}) < exit (${exit}) < 1`);
    }
    if (enter >= previousEnter) {
      throw new RangeError(
        `pressure threshold "${level}": enter fractions must fall from elevated to critical`,
      );
    }
    previousEnter = enter;
  }
}

export class HysteresisLevel {
  private current: PressureLevel = 'normal';
  private calmSinceMs: number | null = null;
  /** The worst level the readings still justified during the current calm period. */
  private calmTarget: PressureLevel = 'normal';

  constructor(
    private readonly thresholds: PressureThresholds,
    private readonly dwellMs: number,
  ) {
    validateThresholds(thresholds);
  }

  get level(): PressureLevel {
    return this.current;
  }

  /** Feeds one reading (free fraction 0..1, or null when it cannot be read) taken at `nowMs`. */
  update(freeFraction: number | null, nowMs: number): PressureLevel {
    // No reading: pressure cannot be judged from it; it decays like a calm reading (admission then works
    // from totals).
    const free = freeFraction === null ? 1 : freeFraction;
    const entered = this.levelEnteredAt(free);
    if (levelRank(entered) > levelRank(this.current)) {
      this.current = entered;
      this.calmSinceMs = null;
      return this.current;
    }
    const held = this.levelHeldAt(free);
    if (held === this.current) {
      this.calmSinceMs = null;
      return this.current;
    }
    if (this.calmSinceMs === null) {
      this.calmSinceMs = nowMs;
      this.calmTarget = held;
    } else if (levelRank(held) > levelRank(this.calmTarget)) {
      this.calmTarget = held;
    }
    if (nowMs - this.calmSinceMs >= this.dwellMs) {
      this.current = this.calmTarget;
      this.calmSinceMs = null;
    }
    return this.current;
  }

  /** The highest level whose enter threshold this reading is below. */
  private levelEnteredAt(free: number): PressureLevel {
    for (const level of ['critical', 'high', 'elevated'] as const) {
      if (free < this.thresholds[level].enterBelowFreeFraction) return level;
    }
    return 'normal';
  }

  /** The highest level at or below the current one that this reading does not clear. */
  private levelHeldAt(free: number): PressureLevel {
    for (let rank = levelRank(this.current); rank > 0; rank -= 1) {
      const level = PRESSURE_LEVELS[rank] as Exclude<PressureLevel, 'normal'>;
      if (free <= this.thresholds[level].exitAboveFreeFraction) return level;
    }
    return 'normal';
  }
}
