/**
 * The resource watchdog's costs: (1) CPU time of sampling over a fixed period at the default interval,
 * with the fake nvidia-smi standing in for the real one — the host side from process.cpuUsage() (less an
 * idle baseline of the same length) and the main thread's event-loop utilisation, the nvidia-smi children
 * from /proc/<pid>/stat; (2) reaction time from a pressure reading reaching the host to the action event
 * (detection itself waits at most one sampling interval).
 *
 *   node bin/run-ts.js bench/watchdog.bench.ts [periodMs]
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { EstimateStore } from '../electron/host/watchdog/estimates';
import { locateNvidiaSmi } from '../electron/host/watchdog/nvidia-smi-locate';
import { NvidiaSmiProbe } from '../electron/host/watchdog/nvidia-smi-probe';
import { ResourceWatchdog } from '../electron/host/watchdog/resource-watchdog';
import { fakeNvidiaSmiEnv } from '../electron/host/watchdog/testing/fake-nvidia-smi';
import { MIB } from '../electron/host/watchdog/units';
import type { BenchOutcome } from './bench-result';
import { headline } from './bench-result';
import { pollUntil } from '../test-support/poll';

const DEFAULT_INTERVAL_MS = 1000;

export interface WatchdogBenchOptions {
  /** Length of each measured period (baseline, then sampling). Default 20 s. */
  periodMs?: number;
  intervalMs?: number;
}

export type WatchdogBenchResult = Awaited<ReturnType<typeof benchWatchdog>>;

export async function benchWatchdog(options: WatchdogBenchOptions = {}) {
  const periodMs = options.periodMs ?? 20_000;
  const intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
  const sampling = await benchSamplingCost(periodMs, intervalMs);
  const reaction = await benchReaction(intervalMs);
  return {
    intervalMs,
    sampling,
    reaction,
    verdict: {
      hostUnder1PercentOfCore: sampling.hostPercentOfCore < 1 && sampling.mainThreadPercentOfCore < 1,
      reactionUnder10MsAfterTheReading: reaction.processingMicrosCold < 10_000,
    },
  };
}

/** The watchdog's figures as a benchmark outcome: sampling CPU as a share of one core, and reaction time. */
export async function benchWatchdogOutcome(options: WatchdogBenchOptions = {}): Promise<BenchOutcome> {
  const result = await benchWatchdog(options);
  const { sampling, reaction, intervalMs } = result;
  const windowCpuMs = median(sampling.hostCpuMsPerWindow);
  const perMinute = (percent: number) => `${round((percent / 100) * 60_000)} ms of CPU per minute`;
  const head = headline(
    { label: 'host CPU while sampling (median window)', value: windowCpuMs, unit: 'ms' },
    { label: 'wall-clock length of the window', value: sampling.windowMs, unit: 'ms' },
    { max: 0.01, strict: true, percent: true },
  );
  const fakeChildren = sampling.fakeChildrenPercentOfCore;
  return {
    title: 'Watchdog cost and reaction',
    compared:
      `CPU time the host spends while the watchdog samples every ${intervalMs} ms (RAM, worker RSS, GPU ` +
      'readings from a long-lived nvidia-smi stand-in) as a share of one core, and how fast a pressure ' +
      'reading becomes an action event.',
    ...head,
    rows: [
      {
        label: 'Host CPU while sampling (all threads)',
        value: `${sampling.hostPercentOfCore} % of a core (${perMinute(sampling.hostPercentOfCore)})`,
        target: '< 1 %',
        pass: sampling.hostPercentOfCore < 1,
      },
      {
        label: 'Same, less an idle baseline of equal length',
        value: `${sampling.hostNetPercentOfCore} % of a core (${perMinute(sampling.hostNetPercentOfCore)})`,
      },
      {
        label: 'Main thread busy (event-loop utilisation)',
        value: `${sampling.mainThreadPercentOfCore} % of a core`,
        target: '< 1 %',
        pass: sampling.mainThreadPercentOfCore < 1,
      },
      {
        label: 'Worst window (includes one-off GC)',
        value: `${sampling.hostWorstWindowPercentOfCore} % of a core`,
      },
      {
        label: 'One sample (RAM, /proc, policy, snapshot)',
        value: `${sampling.perSampleMicros} µs = ${sampling.perSamplePercentOfCoreAtInterval} % of a core at ${intervalMs} ms`,
      },
      {
        label: 'Fake nvidia-smi children (Node stand-ins, not the real tool)',
        value: fakeChildren === null ? 'n/a' : `${fakeChildren} % of a core`,
      },
      {
        label: 'Reaction: pressure reading → pause action, first time',
        value: `${round(reaction.processingMicrosCold / 1000)} ms`,
        target: '< 10 ms',
        pass: reaction.processingMicrosCold < 10_000,
      },
      {
        label: 'Reaction, again (warm)',
        value: `${round(reaction.processingMicrosWarm / 1000)} ms`,
        target: '< 10 ms',
        pass: reaction.processingMicrosWarm < 10_000,
      },
      {
        label: 'Detection delay, worst case',
        value: `${reaction.worstCaseDetectionMs} ms (one sampling interval)`,
      },
    ],
    params: { intervalMs, periodMs: sampling.periodMs },
    details: result,
    notes: [],
  };
}

/** CPU used over `windows` consecutive windows: process (all threads) and main-thread active time, in ms. */
async function measureWindows(
  windows: number,
  windowMs: number,
): Promise<{ cpuMs: number[]; activeMs: number[] }> {
  const result = { cpuMs: [] as number[], activeMs: [] as number[] };
  for (let i = 0; i < windows; i += 1) {
    const cpuBefore = process.cpuUsage();
    const eluBefore = performance.eventLoopUtilization();
    await delay(windowMs);
    result.cpuMs.push(cpuMs(process.cpuUsage(cpuBefore)));
    result.activeMs.push(performance.eventLoopUtilization(eluBefore).active);
  }
  return result;
}

/**
 * The period is cut into windows and the median window is what counts: V8's memory reducer runs a full
 * garbage collection once a process turns idle (some 10 s in), a one-off of ~100 ms that has nothing to do
 * with sampling; it shows in the total and the worst window, both reported. The idle baseline is measured
 * the same way. The process figure counts every thread (tsx's loader thread too); event-loop utilisation
 * counts only the main thread's active time, where all of the watchdog's work runs.
 */
async function benchSamplingCost(periodMs: number, intervalMs: number) {
  const windows = 5;
  const windowMs = Math.round(periodMs / windows);
  await delay(1000);
  const baseline = await measureWindows(windows, windowMs);

  const env = fakeNvidiaSmiEnv({
    timeline: [{ atMs: 0, usedMiB: 3000, totalMiB: 8192, apps: [{ pid: 'parent', usedMiB: 900 }] }],
  });
  const probe = new NvidiaSmiProbe({ command: locateNvidiaSmi({ env }), env, intervalMs });
  const watchdog = new ResourceWatchdog({
    estimates: EstimateStore.inMemory(),
    intervalMs,
    gpuProbe: probe,
    provider: 'cuda',
  });
  let snapshots = 0;
  watchdog.on('resources', () => (snapshots += 1));
  watchdog.setWorkerPid(process.pid);
  try {
    watchdog.start();
    await pollUntil(
      () => probe.status === 'live' && probe.processGpuBytes(process.pid) === 900 * MIB,
      'live readings',
      20_000,
    );
    await delay(intervalMs); // past the children's start-up
    const pids = probe.childPids;
    const childrenBefore = [pids.gpu, pids.apps].map((pid) => childCpuMs(pid));
    const snapshotsBefore = snapshots;
    const measured = await measureWindows(windows, windowMs);
    const samples = snapshots - snapshotsBefore;
    const childrenAfter = [pids.gpu, pids.apps].map((pid) => childCpuMs(pid));
    const childMs = childrenAfter.map((after, i) =>
      after === null || childrenBefore[i] === null ? null : after - childrenBefore[i]!,
    );

    // The per-sample work on its own (RAM, worker RSS from /proc, policy, snapshot), many times over.
    const rounds = 2000;
    const started = process.cpuUsage();
    for (let i = 0; i < rounds; i += 1) watchdog.sampleNow();
    const perSampleMicros = (cpuMs(process.cpuUsage(started)) * 1000) / rounds;

    const percent = (ms: number) => round((ms / windowMs) * 100);
    const knownChildMs = childMs.filter((ms): ms is number => ms !== null);
    return {
      periodMs: windows * windowMs,
      windowMs,
      samples,
      hostCpuMsPerWindow: measured.cpuMs.map(round),
      idleBaselineCpuMsPerWindow: baseline.cpuMs.map(round),
      hostPercentOfCore: percent(median(measured.cpuMs)),
      hostNetPercentOfCore: percent(median(measured.cpuMs) - median(baseline.cpuMs)),
      mainThreadActiveMsPerWindow: measured.activeMs.map(round),
      mainThreadPercentOfCore: percent(median(measured.activeMs)),
      hostWorstWindowPercentOfCore: percent(Math.max(...measured.cpuMs)),
      perSampleMicros: round(perSampleMicros),
      perSamplePercentOfCoreAtInterval: round((perSampleMicros / 1000 / intervalMs) * 100),
      /** The fake is a Node script: its cost says little about the real nvidia-smi's, reported for completeness. */
      fakeChildrenCpuMs: { gpuQuery: childMs[0] ?? null, appsQuery: childMs[1] ?? null },
      fakeChildrenPercentOfCore:
        knownChildMs.length > 0
          ? round((knownChildMs.reduce((a, b) => a + b, 0) / (windows * windowMs)) * 100)
          : null,
    };
  } finally {
    await watchdog.dispose();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Two squeezes on the fake's timeline, with a clear spell between: the first pause runs cold code (first
 * calls, lazy compilation), the second is the steady state.
 */
async function benchReaction(intervalMs: number) {
  const env = fakeNvidiaSmiEnv({
    timeline: [
      { atMs: 0, usedMiB: 2000, totalMiB: 8192 },
      // The clear spell lasts several readings: with one or two, a late reading from the fake (a loaded
      // machine) could leave the queue paused through it, and no second pause would come.
      { atMs: 3 * intervalMs, usedMiB: 7700 },
      { atMs: 5 * intervalMs, usedMiB: 2000 },
      { atMs: 10 * intervalMs, usedMiB: 7700 },
    ],
  });
  const probe = new NvidiaSmiProbe({ command: locateNvidiaSmi({ env }), env, intervalMs, perProcess: false });
  const watchdog = new ResourceWatchdog({
    estimates: EstimateStore.inMemory(),
    intervalMs,
    gpuProbe: probe,
    provider: 'cuda',
    policy: { dwellMs: intervalMs / 2 },
  });
  let lastUsedBytes = 0;
  const squeezeReadingAt: number[] = [];
  const pauseAt: number[] = [];
  // Subscribed before the watchdog, so this runs first for each reading.
  probe.events.on('reading', (reading) => {
    const at = performance.now();
    if (reading.usedBytes === 7700 * MIB && lastUsedBytes !== 7700 * MIB) squeezeReadingAt.push(at);
    lastUsedBytes = reading.usedBytes ?? 0;
  });
  watchdog.on('action', (action) => {
    if (action.action === 'pause-queue') pauseAt.push(performance.now());
  });
  try {
    watchdog.start();
    await pollUntil(() => pauseAt.length === 2, 'two pause actions', 30_000);
    return {
      /** From the squeeze reading reaching the host to the action event: first time (cold) and again (warm). */
      processingMicrosCold: round((pauseAt[0]! - squeezeReadingAt[0]!) * 1000),
      processingMicrosWarm: round((pauseAt[1]! - squeezeReadingAt[1]!) * 1000),
      /** A squeeze just after a sample is seen at the next one: detection waits up to one interval. */
      worstCaseDetectionMs: intervalMs,
    };
  } finally {
    await watchdog.dispose();
  }
}

let clockTicksPerSecond: number | undefined;

/** utime + stime of a process from /proc/<pid>/stat, in ms; null where /proc is not there. */
function childCpuMs(pid: number | undefined): number | null {
  if (pid === undefined || process.platform !== 'linux') return null;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces: fields are counted after its ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime and stime: fields 14 and 15 of the line
    clockTicksPerSecond ??=
      Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
    return (ticks / clockTicksPerSecond) * 1000;
  } catch {
    return null;
  }
}

function cpuMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const periodMs = process.argv[2] ? Number(process.argv[2]) : undefined;
  console.log(JSON.stringify(await benchWatchdog({ periodMs }), null, 2));
}
