/** Test helpers: the fake nvidia-smi (test-support/fake-nvidia-smi) and polling waits. */
import { fileURLToPath } from 'node:url';

export const FAKE_NVIDIA_SMI_SCRIPT = fileURLToPath(
  new URL('../../../../test-support/fake-nvidia-smi/fake-nvidia-smi.mjs', import.meta.url),
);
export const FAKE_NVIDIA_SMI_SHIM = fileURLToPath(
  new URL('../../../../test-support/fake-nvidia-smi/nvidia-smi', import.meta.url),
);

export interface FakeTimelinePoint {
  atMs: number;
  usedMiB?: number | string;
  totalMiB?: number | string;
  freeMiB?: number | string;
  utilization?: number | string;
  name?: string;
  gpus?: Array<Omit<FakeTimelinePoint, 'atMs' | 'gpus' | 'apps' | 'mode'> & { index: number }>;
  apps?: Array<{ pid: number | 'parent'; usedMiB: number | string; gpu?: number }>;
  mode?: 'normal' | 'hang' | 'crash' | 'garbage';
}

export interface FakeNvidiaSmiSetup {
  timeline?: FakeTimelinePoint[];
  mode?: 'normal' | 'hang' | 'crash' | 'garbage';
  split?: boolean;
  /** File the fake appends one line to per start. */
  logFile?: string;
  /** Run through the POSIX shell shim instead of the .mjs directly. */
  viaShim?: boolean;
  /** Folder of `<pid>` files holding MiB: live processes listed as compute apps, counted as used on GPU 0. */
  appsDir?: string;
}

/** Environment that makes the watchdog run the fake instead of a real nvidia-smi. */
export function fakeNvidiaSmiEnv(setup: FakeNvidiaSmiSetup = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ROUNDTABLE_NVIDIA_SMI: setup.viaShim ? FAKE_NVIDIA_SMI_SHIM : FAKE_NVIDIA_SMI_SCRIPT,
    FAKE_NVIDIA_SMI_NODE: process.execPath,
    FAKE_NVIDIA_SMI_MAX_LIFETIME_MS: '120000',
  };
  if (setup.timeline) env.FAKE_NVIDIA_SMI_TIMELINE = JSON.stringify(setup.timeline);
  if (setup.mode) env.FAKE_NVIDIA_SMI_MODE = setup.mode;
  if (setup.split) env.FAKE_NVIDIA_SMI_SPLIT = '1';
  if (setup.logFile) env.FAKE_NVIDIA_SMI_LOG = setup.logFile;
  if (setup.appsDir) env.FAKE_NVIDIA_SMI_APPS_DIR = setup.appsDir;
  return env;
}

/** Whether a process is still alive (signal 0 probes without killing). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
