/**
 * The pressure policy: a pure state machine fed with memory samples and a clock. It keeps a pressure level
 * per resource (RAM, and the GPU rendering runs on) with hysteresis, and climbs an ordered ladder of
 * actions while pressure lasts:
 *
 *   pause the queue → shrink chunks → unload idle models → restart the worker → fall back to CPU
 *
 * `high` pressure starts at the first rung, `critical` at the third; each further `climbAfterMs` without
 * clear improvement climbs one more. When pressure drops below `high` the queue resumes and the ladder is
 * reset. Falling back to the CPU only helps GPU memory, so RAM pressure stops at restarting the worker.
 * No timers in here: the caller feeds samples (the watchdog does so on every reading).
 */
import type { WatchdogAction } from '../../../shared/api/studio-api';
import type { PressureLevel, PressureThresholds } from './hysteresis';
import { DEFAULT_THRESHOLDS, HysteresisLevel, levelRank } from './hysteresis';
import { formatPercent, formatUsedOf } from './units';

export type { PressureLevel, PressureThresholds } from './hysteresis';

export type LadderAction =
  'pause-queue' | 'shrink-chunks' | 'unload-idle-models' | 'restart-worker' | 'fallback-cpu';

export const ACTION_LADDER: readonly LadderAction[] = [
  'pause-queue',
  'shrink-chunks',
  'unload-idle-models',
  'restart-worker',
  'fallback-cpu',
];

/** How many rungs a level starts at. */
const LEVEL_FLOOR: Record<PressureLevel, number> = { normal: 0, elevated: 0, high: 1, critical: 3 };

export type MemoryResource = 'gpu' | 'ram';

export interface PressureSample {
  ram: { totalBytes: number; freeBytes: number };
  /** The GPU rendering runs on; null while rendering on the CPU. freeBytes null where it cannot be read. */
  gpu: { totalBytes: number; freeBytes: number | null } | null;
}

export interface PressureChange {
  atMs: number;
  from: PressureLevel;
  to: PressureLevel;
  /** The resource whose level decided the change. */
  resource: MemoryResource;
  reason: string;
}

export interface PolicyStep {
  level: PressureLevel;
  change: PressureChange | null;
  /** Actions to carry out now, in order. */
  actions: WatchdogAction[];
}

export interface PressurePolicyOptions {
  now: () => number;
  thresholds?: { ram?: PressureThresholds; gpu?: PressureThresholds };
  /** A lower level is taken only after readings have justified it for this long. Default 5 s. */
  dwellMs?: number;
  /** Time at high/critical pressure before climbing to the next rung. Default 10 s. */
  climbAfterMs?: number;
  /** Free-fraction gain since the last rung that counts as "getting better" and delays the next. Default 0.02. */
  improvementFraction?: number;
}

export interface ResourceView {
  resource: MemoryResource;
  totalBytes: number;
  freeBytes: number | null;
  freeFraction: number | null;
}

const LABEL: Record<MemoryResource, string> = { gpu: 'GPU memory', ram: 'Memory' };

const ACTION_PHRASE: Record<LadderAction, string> = {
  'pause-queue': 'pausing the render queue',
  'shrink-chunks': 'rendering in smaller chunks',
  'unload-idle-models': 'unloading models that are not in use',
  'restart-worker': 'restarting the inference worker to give its memory back',
  'fallback-cpu': 'rendering on the CPU instead of the GPU',
};

export class PressurePolicy {
  private readonly ram: HysteresisLevel;
  private readonly gpu: HysteresisLevel;
  private readonly dwellMs: number;
  private readonly climbAfterMs: number;
  private readonly improvementFraction: number;
  private levelValue: PressureLevel = 'normal';
  private driverValue: MemoryResource = 'ram';
  private rungsDone = 0;
  private lastRungAtMs = 0;
  private lastRungFreeFraction = 1;

  constructor(private readonly options: PressurePolicyOptions) {
    this.dwellMs = options.dwellMs ?? 5000;
    this.climbAfterMs = options.climbAfterMs ?? 10_000;
    this.improvementFraction = options.improvementFraction ?? 0.02;
    this.ram = new HysteresisLevel(options.thresholds?.ram ?? DEFAULT_THRESHOLDS, this.dwellMs);
    this.gpu = new HysteresisLevel(options.thresholds?.gpu ?? DEFAULT_THRESHOLDS, this.dwellMs);
  }

  get level(): PressureLevel {
    return this.levelValue;
  }

  /** True between a pause-queue action and its resume-queue. */
  get queuePaused(): boolean {
    return this.rungsDone > 0;
  }

  /** Ladder actions taken in the current pressure episode, in order. */
  get actionsTaken(): LadderAction[] {
    return ACTION_LADDER.slice(0, this.rungsDone);
  }

  observe(sample: PressureSample): PolicyStep {
    const now = this.options.now();
    const ram = view('ram', sample.ram.totalBytes, sample.ram.freeBytes);
    const gpu = sample.gpu ? view('gpu', sample.gpu.totalBytes, sample.gpu.freeBytes) : null;
    const ramLevel = this.ram.update(ram.freeFraction, now);
    const gpuLevel = this.gpu.update(gpu?.freeFraction ?? null, now);

    const from = this.levelValue;
    const to = levelRank(gpuLevel) >= levelRank(ramLevel) ? gpuLevel : ramLevel;
    if (to !== 'normal' || from !== 'normal') {
      if (levelRank(gpuLevel) !== levelRank(ramLevel)) {
        this.driverValue = levelRank(gpuLevel) > levelRank(ramLevel) ? 'gpu' : 'ram';
      } else if (levelRank(to) > levelRank(from)) {
        // Both rose together: the one with less room left decides.
        this.driverValue = (gpu?.freeFraction ?? 1) <= (ram.freeFraction ?? 1) ? 'gpu' : 'ram';
      }
    }
    this.levelValue = to;
    const driver = this.driverValue === 'gpu' ? gpu : ram;
    const driverView = driver ?? {
      resource: 'gpu' as const,
      totalBytes: 0,
      freeBytes: null,
      freeFraction: null,
    };

    let change: PressureChange | null = null;
    if (to !== from) {
      change = {
        atMs: now,
        from,
        to,
        resource: this.driverValue,
        reason: describeChange(driverView, from, to, !!gpu),
      };
    }
    const actions: WatchdogAction[] = [];
    if (levelRank(to) >= levelRank('high')) {
      this.climb(to, driverView, gpu !== null, now, actions);
    } else if (this.rungsDone > 0) {
      actions.push({ atMs: now, action: 'resume-queue', reason: describeResume(driverView, gpu !== null) });
      this.rungsDone = 0;
    }
    return { level: to, change, actions };
  }

  private climb(
    level: PressureLevel,
    driver: ResourceView,
    gpuInUse: boolean,
    now: number,
    out: WatchdogAction[],
  ): void {
    // Moving work to the CPU only relieves GPU memory.
    const topRung = driver.resource === 'gpu' && gpuInUse ? ACTION_LADDER.length : ACTION_LADDER.length - 1;
    const free = driver.freeFraction ?? 1;
    let target = Math.min(topRung, Math.max(this.rungsDone, LEVEL_FLOOR[level]));
    let still = false;
    if (target === this.rungsDone && this.rungsDone > 0 && now - this.lastRungAtMs >= this.climbAfterMs) {
      if (free >= this.lastRungFreeFraction + this.improvementFraction) {
        // Getting better since the last rung: give it another period before doing more.
        this.lastRungAtMs = now;
        this.lastRungFreeFraction = free;
      } else {
        target = Math.min(topRung, this.rungsDone + 1);
        still = true;
      }
    }
    const sinceMs = now - this.lastRungAtMs;
    for (let rung = this.rungsDone; rung < target; rung += 1) {
      const action = ACTION_LADDER[rung] as LadderAction;
      const state = still ? describeStill(driver, sinceMs) : describeMemory(driver);
      out.push({ atMs: now, action, reason: `${state} — ${ACTION_PHRASE[action]}` });
    }
    if (target > this.rungsDone) {
      this.rungsDone = target;
      this.lastRungAtMs = now;
      this.lastRungFreeFraction = free;
    }
  }
}

function view(resource: MemoryResource, totalBytes: number, freeBytes: number | null): ResourceView {
  const freeFraction =
    freeBytes === null || !(totalBytes > 0) ? null : Math.max(0, Math.min(1, freeBytes / totalBytes));
  return { resource, totalBytes, freeBytes, freeFraction };
}

/** "GPU memory 97 % used (7.9 of 8.0 GiB)" */
export function describeMemory(resource: ResourceView): string {
  if (resource.freeBytes === null || resource.freeFraction === null) {
    return `${LABEL[resource.resource]} use cannot be read`;
  }
  const used = resource.totalBytes - resource.freeBytes;
  return `${LABEL[resource.resource]} ${formatPercent(1 - resource.freeFraction)} used (${formatUsedOf(used, resource.totalBytes)})`;
}

function describeStill(resource: ResourceView, sinceMs: number): string {
  if (resource.freeBytes === null || resource.freeFraction === null) return describeMemory(resource);
  const used = resource.totalBytes - resource.freeBytes;
  return `${LABEL[resource.resource]} still ${formatPercent(1 - resource.freeFraction)} used (${formatUsedOf(used, resource.totalBytes)}) after ${Math.round(sinceMs / 1000)} s`;
}

function describeChange(
  driver: ResourceView,
  from: PressureLevel,
  to: PressureLevel,
  gpuInUse: boolean,
): string {
  const state =
    driver.resource === 'gpu' && !gpuInUse ? 'Rendering no longer uses the GPU' : describeMemory(driver);
  if (to === 'normal') return `${state} — memory pressure back to normal`;
  return `${state} — memory pressure ${levelRank(to) > levelRank(from) ? 'rising to' : 'easing to'} ${to}`;
}

function describeResume(driver: ResourceView, gpuInUse: boolean): string {
  if (driver.resource === 'gpu' && !gpuInUse)
    return 'Rendering no longer uses the GPU — resuming the render queue';
  if (driver.freeFraction === null) {
    return `${LABEL[driver.resource]} can no longer be read (working from totals) — resuming the render queue`;
  }
  const used = driver.totalBytes - (driver.freeBytes ?? 0);
  return `${LABEL[driver.resource]} back to ${formatPercent(1 - driver.freeFraction)} used (${formatUsedOf(used, driver.totalBytes)}) — resuming the render queue`;
}
