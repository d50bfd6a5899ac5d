/** The resource watchdog's options, events, action hooks and details (the class is resource-watchdog.ts). */
import type { WatchdogAction } from '../../../shared/api/studio-api';
import type { ResourceSnapshot } from '../../../shared/api/studio-api';
import type { ExecutionProvider } from '../../../shared/protocol/worker-protocol';
import type { Logger } from '../util/logger';
import type { ReservePolicy } from './admission';
import type { EstimateStore } from './estimates';
import type { GpuInventory } from './gpu-inventory';
import type { GpuProbe, GpuProbeStatus, GpuReading } from './gpu-probe';
import type { LadderAction, PressureChange, PressureThresholds } from './pressure';
import type { RamReading } from './ram-probe';

/** What the watchdog calls to act; the lead connects these to the render queue and the worker host. */
export interface WatchdogActionHooks {
  pauseQueue: (action: WatchdogAction) => void | Promise<void>;
  resumeQueue: (action: WatchdogAction) => void | Promise<void>;
  shrinkChunks: (action: WatchdogAction) => void | Promise<void>;
  unloadIdleModels: (action: WatchdogAction) => void | Promise<void>;
  restartWorker: (action: WatchdogAction) => void | Promise<void>;
  fallbackToCpu: (action: WatchdogAction) => void | Promise<void>;
}

export const HOOK_OF: Record<LadderAction | 'resume-queue', keyof WatchdogActionHooks> = {
  'pause-queue': 'pauseQueue',
  'resume-queue': 'resumeQueue',
  'shrink-chunks': 'shrinkChunks',
  'unload-idle-models': 'unloadIdleModels',
  'restart-worker': 'restartWorker',
  'fallback-cpu': 'fallbackToCpu',
};

export class WatchdogHookError extends Error {
  constructor(
    readonly hook: keyof WatchdogActionHooks,
    readonly action: WatchdogAction,
    cause: unknown,
  ) {
    super(
      `the watchdog's ${hook} action failed (${cause instanceof Error ? cause.message : String(cause)}); the ${action.action} step was not carried out`,
      { cause },
    );
    this.name = 'WatchdogHookError';
  }
}

export type ResourceWatchdogEvents = {
  /** A snapshot every interval, and at once on every pressure level change. */
  resources: ResourceSnapshot;
  /** Every ladder step, every resume, and `probe-degraded` (said once). */
  action: WatchdogAction;
  /** Every pressure level change, with its reason. */
  pressure: PressureChange;
  /** An action hook threw or rejected (or timed out). */
  error: WatchdogHookError;
};

export interface ResourceWatchdogOptions {
  /** Calibrated memory estimates (`EstimateStore.open(file)`), for admission and plans. */
  estimates: EstimateStore;
  /** Sampling interval (RAM tick, nvidia-smi `-lms`). Default 1000 ms. */
  intervalMs?: number;
  /** The execution provider rendering uses now; GPU memory counts for pressure only for GPU providers. */
  provider?: ExecutionProvider;
  /** nvidia-smi's index of the GPU the GPU providers use. Default 0. */
  gpuIndex?: number;
  /** Pressure thresholds, dwell and climb timing (see PressurePolicy). */
  policy?: {
    thresholds?: { ram?: PressureThresholds; gpu?: PressureThresholds };
    dwellMs?: number;
    climbAfterMs?: number;
  };
  reserve?: Partial<ReservePolicy>;
  /** Environment for locating and running nvidia-smi (`ROUNDTABLE_NVIDIA_SMI`). Default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Live GPU source; default: NvidiaSmiProbe on the located nvidia-smi. */
  gpuProbe?: GpuProbe;
  /** nvidia-smi supervision (deadlines, failures before degrading, backoff). */
  nvidiaSmi?: {
    firstLineDeadlineMs?: number;
    silenceDeadlineMs?: number;
    maxFailures?: number;
    backoffBaseMs?: number;
    backoffMaxMs?: number;
    perProcess?: boolean;
  };
  /** GPU inventory, asked once at start; default systeminformation, bounded by `inventoryTimeoutMs`. */
  inventory?: () => Promise<GpuInventory>;
  inventoryTimeoutMs?: number;
  readRam?: () => RamReading;
  readProcessRss?: (pid: number) => number | null;
  /** Longest an action hook may take before the next one runs anyway. Default 30 s. */
  hookTimeoutMs?: number;
  now?: () => number;
  logger?: Logger;
}

/** Extra state beyond the contract's ResourceSnapshot, for the doctor, logs and the lead. */
export interface WatchdogDetails {
  provider: ExecutionProvider;
  gpuIndex: number;
  gpuProbe: GpuProbeStatus;
  /** Set once the live GPU source was given up on, or when there is none for a GPU that has VRAM. */
  gpuMemoryUnknownReason: string | null;
  inventory: GpuInventory | null;
  workerPid: number | null;
  /** GPU memory the worker process holds (nvidia-smi per-process query); null when unknown. */
  workerGpuBytes: number | null;
  queuePaused: boolean;
  actionsTaken: LadderAction[];
  live: GpuReading[];
}

export interface PeakWindow {
  /** Stops tracking; peaks seen by the sampling between start and now (the interval bounds resolution). */
  end(): { workerRssPeakBytes: number | null; workerGpuPeakBytes: number | null };
}
