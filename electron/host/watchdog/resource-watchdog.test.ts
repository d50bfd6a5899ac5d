import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { WatchdogAction } from '../../../shared/api/studio-api';
import { ResourceSnapshotSchema, WatchdogActionSchema } from '../../../shared/api/studio-api';
import { EstimateStore } from './estimates';
import type { GpuInventory } from './gpu-inventory';
import type { PressureChange } from './pressure';
import type { ResourceWatchdogOptions, WatchdogActionHooks } from './watchdog-types';
import { ResourceWatchdog } from './resource-watchdog';
import type { FakeTimelinePoint } from './testing/fake-nvidia-smi';
import { fakeNvidiaSmiEnv, isAlive } from './testing/fake-nvidia-smi';
import { ScriptedGpuProbe } from './testing/scripted-gpu-probe';
import { GIB, MIB } from './units';
import { pollUntil } from '../../../test-support/poll';

const watchdogs: ResourceWatchdog[] = [];
const tempDirs: string[] = [];
afterEach(async () => {
  await Promise.all(watchdogs.splice(0).map((watchdog) => watchdog.dispose()));
  await Promise.all(tempDirs.splice(0).map((dir) => fs.rm(dir, { recursive: true, force: true })));
});

const steadyRam = () => ({ totalBytes: 32 * GIB, freeBytes: 24 * GIB, source: 'os' as const });
const noGpusInventory = async (): Promise<GpuInventory> => ({ status: 'known', gpus: [] });

function watch(options: Partial<ResourceWatchdogOptions>) {
  const watchdog = new ResourceWatchdog({
    estimates: EstimateStore.inMemory(),
    readRam: steadyRam,
    inventory: noGpusInventory,
    ...options,
  });
  watchdogs.push(watchdog);
  const actions: WatchdogAction[] = [];
  const changes: PressureChange[] = [];
  const hookCalls: string[] = [];
  let resources = 0;
  watchdog.on('action', (action) => actions.push(action));
  watchdog.on('pressure', (change) => changes.push(change));
  watchdog.on('resources', (snapshot) => {
    ResourceSnapshotSchema.parse(snapshot);
    resources += 1;
  });
  const record = (name: string) => (action: WatchdogAction) => {
    hookCalls.push(`${name}:${action.action}`);
  };
  const hooks: WatchdogActionHooks = {
    pauseQueue: record('pauseQueue'),
    resumeQueue: record('resumeQueue'),
    shrinkChunks: record('shrinkChunks'),
    unloadIdleModels: record('unloadIdleModels'),
    restartWorker: record('restartWorker'),
    fallbackToCpu: record('fallbackToCpu'),
  };
  watchdog.setActions(hooks);
  return { watchdog, actions, changes, hookCalls, resources: () => resources };
}

describe('ResourceWatchdog with the fake nvidia-smi', () => {
  it('pauses on a VRAM squeeze, escalates, and resumes in order once it clears', async () => {
    const timeline: FakeTimelinePoint[] = [
      { atMs: 0, usedMiB: 2000, totalMiB: 8192 },
      { atMs: 600, usedMiB: 7500 }, // 91 %: high
      { atMs: 1200, usedMiB: 7950 }, // 97 %: critical
      { atMs: 1800, usedMiB: 3000 }, // clear
    ];
    const { watchdog, actions, changes, hookCalls } = watch({
      env: fakeNvidiaSmiEnv({ timeline }),
      provider: 'cuda',
      intervalMs: 100,
      policy: { dwellMs: 500, climbAfterMs: 60_000 },
    });
    watchdog.start();
    await pollUntil(() => actions.some((a) => a.action === 'resume-queue'), 'the resume', 20_000);
    for (const action of actions) WatchdogActionSchema.parse(action);
    expect(actions.map((a) => a.action)).toEqual([
      'pause-queue',
      'shrink-chunks',
      'unload-idle-models',
      'resume-queue',
    ]);
    expect(actions[0]!.reason).toBe('GPU memory 91 % used (7.3 of 8.0 GiB) — pausing the render queue');
    expect(actions[1]!.reason).toBe('GPU memory 97 % used (7.8 of 8.0 GiB) — rendering in smaller chunks');
    expect(actions[3]!.reason).toBe(
      'GPU memory back to 36 % used (2.9 of 8.0 GiB) — resuming the render queue',
    );
    expect(actions[3]!.atMs - actions[2]!.atMs).toBeGreaterThanOrEqual(500);
    expect(changes.map((c) => c.to)).toEqual(['high', 'critical', 'normal']);
    await pollUntil(() => hookCalls.length === 4, 'the hooks');
    expect(hookCalls).toEqual([
      'pauseQueue:pause-queue',
      'shrinkChunks:shrink-chunks',
      'unloadIdleModels:unload-idle-models',
      'resumeQueue:resume-queue',
    ]);
    expect(watchdog.snapshot()).toMatchObject({
      pressure: 'normal',
      gpus: [{ index: 0, name: 'NVIDIA Fake GPU', totalBytes: 8 * GIB }],
    });
  });

  it('does not flap on a noisy timeline', async () => {
    // 94 % and 89 % used in turn (across the 90 % line) for 2 s, then clear; points fall between the
    // 100 ms frames so that timer jitter cannot change which value a frame shows.
    const timeline: FakeTimelinePoint[] = [{ atMs: 0, usedMiB: 2000, totalMiB: 8192 }];
    for (let i = 0; i < 20; i += 1)
      timeline.push({ atMs: 250 + i * 100, usedMiB: i % 2 === 0 ? 7700 : 7300 });
    timeline.push({ atMs: 2250, usedMiB: 2000 });
    const { watchdog, actions, changes } = watch({
      env: fakeNvidiaSmiEnv({ timeline }),
      provider: 'cuda',
      intervalMs: 100,
      policy: { dwellMs: 400, climbAfterMs: 60_000 },
    });
    watchdog.start();
    await pollUntil(() => actions.some((a) => a.action === 'resume-queue'), 'the resume', 20_000);
    expect(actions.map((a) => a.action)).toEqual(['pause-queue', 'resume-queue']);
    expect(changes.map((c) => c.to)).toEqual(['high', 'normal']);
  });

  it('degrades once on a hanging nvidia-smi, without blocking sampling, and admits from totals', async () => {
    const inventory = async (): Promise<GpuInventory> => ({
      status: 'known',
      gpus: [{ vendor: 'NVIDIA', model: 'GeForce RTX 3070', vramBytes: 8 * GIB, vramShared: false }],
    });
    const { watchdog, actions, resources } = watch({
      env: fakeNvidiaSmiEnv({ mode: 'hang' }),
      inventory,
      provider: 'cuda',
      intervalMs: 100,
      nvidiaSmi: { firstLineDeadlineMs: 300, maxFailures: 2, backoffBaseMs: 50, perProcess: false },
    });
    const before = Date.now();
    watchdog.start();
    expect(Date.now() - before).toBeLessThan(200);
    await pollUntil(() => actions.length > 0, 'the degrade event', 15_000);
    expect(actions).toEqual([
      expect.objectContaining({
        action: 'probe-degraded',
        reason: expect.stringMatching(/^GPU memory unknown — working from totals: nvidia-smi failed 2 times/),
      }),
    ]);
    const seen = resources();
    await pollUntil(() => resources() >= seen + 3, 'snapshots to keep coming');
    expect(actions).toHaveLength(1);
    expect(watchdog.snapshot().gpus).toEqual([
      { index: 0, name: 'NVIDIA GeForce RTX 3070', totalBytes: 8 * GIB, freeBytes: null },
    ]);
    watchdog.noteModelLoaded('kokoro', 'cuda', 6 * GIB);
    const decision = watchdog.admitModelLoad({
      kind: 'model',
      modelId: 'vibe',
      provider: 'cuda',
      bytes: 2 * GIB,
      basis: 'manifest',
    });
    expect(decision).toMatchObject({ admitted: false, basis: 'total' });
    expect(watchdog.details()).toMatchObject({
      gpuProbe: 'degraded',
      gpuMemoryUnknownReason: expect.stringMatching(/nvidia-smi failed/),
    });
  });

  it('says once that GPU memory is unknown when nvidia-smi is missing or the GPU is not NVIDIA', async () => {
    for (const [vendor, model, expected] of [
      ['NVIDIA', 'GeForce RTX 4060', /nvidia-smi was not found/],
      [
        'Advanced Micro Devices, Inc. [AMD/ATI]',
        'Radeon RX 6800',
        /free memory of Advanced Micro Devices.* Radeon RX 6800 cannot be read/,
      ],
    ] as const) {
      const { watchdog, actions } = watch({
        env: { PATH: '' },
        inventory: async () => ({
          status: 'known',
          gpus: [{ vendor, model, vramBytes: 16 * GIB, vramShared: false }],
        }),
      });
      watchdog.start();
      await pollUntil(() => actions.length > 0, 'the notice');
      expect(actions).toEqual([
        expect.objectContaining({ action: 'probe-degraded', reason: expect.stringMatching(expected) }),
      ]);
      expect(watchdog.snapshot().gpus).toEqual([
        { index: 0, name: `${vendor} ${model}`, totalBytes: 16 * GIB, freeBytes: null },
      ]);
    }
  });

  it('kills nvidia-smi on dispose', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'roundtable-watchdog-'));
    tempDirs.push(dir);
    const log = path.join(dir, 'starts.jsonl');
    const { watchdog } = watch({ env: fakeNvidiaSmiEnv({ logFile: log }), intervalMs: 100 });
    watchdog.start();
    const readPids = async () =>
      (await fs.readFile(log, 'utf8').catch(() => ''))
        .split('\n')
        .filter(Boolean)
        .map((line) => (JSON.parse(line) as { pid: number }).pid);
    await pollUntil(() => watchdog.details().gpuProbe === 'live', 'a live reading');
    // Both queries (per GPU and per process) have started.
    let pids = await readPids();
    for (let tries = 0; pids.length < 2 && tries < 250; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      pids = await readPids();
    }
    expect(pids).toHaveLength(2);
    await watchdog.dispose();
    await pollUntil(() => pids.every((pid) => !isAlive(pid)), 'nvidia-smi to exit');
  });
});

describe('ResourceWatchdog wiring (scripted GPU, fake clock)', () => {
  function scripted(options: Partial<ResourceWatchdogOptions> = {}) {
    let nowMs = 1_000_000;
    const clock = { now: () => nowMs, advance: (ms: number) => (nowMs += ms) };
    const probe = new ScriptedGpuProbe(clock.now);
    const harness = watch({
      gpuProbe: probe,
      now: clock.now,
      provider: 'cuda',
      intervalMs: 60_000,
      ...options,
    });
    harness.watchdog.start();
    return { ...harness, probe, clock };
  }

  it('climbs to the CPU fallback, switches its own provider, and resumes on the CPU', async () => {
    const { watchdog, probe, clock, actions, hookCalls } = scripted({
      policy: { dwellMs: 2000, climbAfterMs: 5000 },
    });
    probe.push(7900);
    for (let i = 0; i < 3; i += 1) {
      clock.advance(5000);
      probe.push(7900);
    }
    expect(actions.map((a) => a.action)).toEqual([
      'pause-queue',
      'shrink-chunks',
      'unload-idle-models',
      'restart-worker',
      'fallback-cpu',
    ]);
    expect(watchdog.provider).toBe('cpu');
    clock.advance(1000);
    watchdog.sampleNow();
    clock.advance(2000);
    watchdog.sampleNow();
    expect(actions.at(-1)).toMatchObject({
      action: 'resume-queue',
      reason: 'Rendering no longer uses the GPU — resuming the render queue',
    });
    await pollUntil(() => hookCalls.length === 6, 'the hooks');
    expect(hookCalls.at(-2)).toBe('fallbackToCpu:fallback-cpu');
  });

  it('ignores GPU pressure while rendering on the CPU', () => {
    const { probe, actions, watchdog } = scripted({ provider: 'cpu' });
    probe.push(8100);
    expect(actions).toEqual([]);
    watchdog.setExecutionProvider('cuda');
    probe.push(8100);
    expect(actions.map((a) => a.action)).toEqual(['pause-queue', 'shrink-chunks', 'unload-idle-models']);
  });

  it('reports a failing hook as an error and still runs the next ones', async () => {
    const { watchdog, probe } = scripted();
    const calls: string[] = [];
    const errors: string[] = [];
    watchdog.on('error', (error) => errors.push(error.message));
    watchdog.setActions({
      pauseQueue: async () => {
        throw new Error('queue is gone');
      },
      shrinkChunks: () => {
        calls.push('shrink');
      },
      unloadIdleModels: async () => {
        calls.push('unload');
      },
    });
    probe.push(8000);
    await pollUntil(() => calls.length === 2 && errors.length === 1, 'the hooks to run');
    expect(calls).toEqual(['shrink', 'unload']);
    expect(errors[0]).toBe(
      "the watchdog's pauseQueue action failed (queue is gone); the pause-queue step was not carried out",
    );
  });

  it('emits a snapshot on every level change and tracks worker memory and peaks', () => {
    const { watchdog, probe, resources } = scripted({ readProcessRss: () => null });
    const before = resources();
    probe.push(7600);
    expect(resources()).toBe(before + 1);
    expect(watchdog.snapshot()).toMatchObject({ pressure: 'high', workerRssBytes: null });

    watchdog.setWorkerPid(4242);
    probe.processBytes.set(4242, 900 * MIB);
    const window = watchdog.startPeakWindow();
    watchdog.reportWorkerRss(300 * MIB);
    probe.processBytes.set(4242, 1500 * MIB);
    probe.push(7600);
    watchdog.reportWorkerRss(200 * MIB);
    probe.processBytes.set(4242, 1000 * MIB);
    probe.push(7600);
    expect(window.end()).toEqual({ workerRssPeakBytes: 300 * MIB, workerGpuPeakBytes: 1500 * MIB });
    expect(watchdog.sampleNow().workerRssBytes).toBe(200 * MIB);
    expect(watchdog.details()).toMatchObject({
      workerPid: 4242,
      workerGpuBytes: 1000 * MIB,
      queuePaused: true,
    });
  });

  it('reads the worker RSS from /proc on Linux', () => {
    if (process.platform !== 'linux') return;
    const { watchdog } = scripted({ readProcessRss: undefined });
    watchdog.setWorkerPid(process.pid);
    expect(watchdog.sampleNow().workerRssBytes).toBeGreaterThan(10 * MIB);
  });
});
