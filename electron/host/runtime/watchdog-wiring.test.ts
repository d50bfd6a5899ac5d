/**
 * The resource watchdog wired into a real render: a real worker process renders espeak turns while the
 * memory it sees is scripted (the fake nvidia-smi, or injected RAM readings).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ResourceSnapshot, WatchdogAction } from '../../../shared/api/studio-api';
import { ResourceSnapshotSchema, WatchdogActionSchema } from '../../../shared/api/studio-api';
import { dataPaths } from '../paths';
import { createStudioHost } from '../studio-host';
import type { GpuInventory } from '../watchdog/gpu-inventory';
import type { FakeTimelinePoint } from '../watchdog/testing/fake-nvidia-smi';
import { fakeNvidiaSmiEnv } from '../watchdog/testing/fake-nvidia-smi';
import { ScriptedGpuProbe } from '../watchdog/testing/scripted-gpu-probe';
import { GIB, MIB } from '../watchdog/units';
import { describeRenderPlan } from './render-plan-report';
import { Cleanups, espeakTurns, kinds, renderJob, startHarness } from './testing/render-harness';
import { pollUntil } from '../../../test-support/poll';

const cleanups = new Cleanups();
afterEach(() => cleanups.run());

const noGpus = async (): Promise<GpuInventory> => ({ status: 'known', gpus: [] });
const ram = (freeBytes: number, totalBytes = 16 * GIB) => ({ totalBytes, freeBytes, source: 'os' as const });

describe('watchdog wiring with a real render', () => {
  it('pauses the queue on a VRAM squeeze mid-render, resumes when it clears, and renders every turn', async () => {
    // The squeeze is driven by the test, not by a clock: this process says it holds 5.6 GiB of GPU memory
    // (the fake nvidia-smi counts live pids in appsDir as used) once the job has rendered a turn, and lets
    // go once the queue has paused. (A timeline in ms from the fake's start missed the job on a loaded
    // machine: the warm-up outlasted the squeeze.)
    const appsDir = cleanups.tempDir('squeeze');
    const squeezeFile = path.join(appsDir, String(process.pid));
    const timeline: FakeTimelinePoint[] = [{ atMs: 0, usedMiB: 2000, totalMiB: 8192 }];
    const h = startHarness(cleanups, {
      watchdog: {
        env: fakeNvidiaSmiEnv({ timeline, appsDir }),
        inventory: noGpus,
        simulateProvider: 'cuda',
        intervalMs: 100,
        policy: { dwellMs: 300, climbAfterMs: 60_000 },
      },
    });
    const log: string[] = [];
    let pausedSeen = false;
    h.runtime.watchdog.events.on('action', (action) => log.push(action.action));
    h.runtime.render.events.on('progress', (event) => {
      if (event.status === 'done') log.push(`done:${event.segmentId}`);
    });
    await renderJob(h, espeakTurns(1, 'warm-up'));
    expect(h.runtime.watchdog.current).toBeDefined();
    const turns = espeakTurns(60);
    const job = renderJob(h, turns);
    await pollUntil(() => log.some((entry) => entry.startsWith('done:turn')), 'the first turn of the job');
    fs.writeFileSync(squeezeFile, '5600'); // 2000 + 5600 of 8192 MiB: 92 % used, high pressure
    await pollUntil(() => h.runtime.render.isPaused, 'the queue to pause');
    pausedSeen = true;
    fs.rmSync(squeezeFile);
    const { takes } = await job;
    await pollUntil(() => h.actions.some((a) => a.action === 'resume-queue'), 'the resume action');

    expect(pausedSeen).toBe(true);
    expect(takes.size).toBe(60);
    expect(h.progress.filter((event) => event.status === 'failed')).toEqual([]);
    const queueActions = h.actions.filter((a) => a.action === 'pause-queue' || a.action === 'resume-queue');
    expect(kinds(queueActions)).toEqual(['pause-queue', 'resume-queue']); // said once each, not echoed
    expect(queueActions[0]!.reason).toBe('GPU memory 92 % used (7.4 of 8.0 GiB) — pausing the render queue');
    expect(queueActions[1]!.reason).toMatch(/^GPU memory back to 24 % used .* resuming the render queue$/);
    for (const action of h.actions) WatchdogActionSchema.parse(action);

    const paused = log.indexOf('pause-queue');
    const resumed = log.indexOf('resume-queue');
    const doneWhilePaused = log.slice(paused, resumed).filter((entry) => entry.startsWith('done:turn'));
    const doneAfter = log.slice(resumed).filter((entry) => entry.startsWith('done:turn'));
    // A chunk already running may finish its turn, and the turn before it may still be being stored (a take
    // is stored while the worker renders the next); nothing else renders until memory is back.
    expect(doneWhilePaused.length).toBeLessThanOrEqual(2);
    expect(doneAfter.length).toBeGreaterThan(0);
    expect(h.runtime.render.isPaused).toBe(false);
    expect(h.resources.at(-1)!.gpus).toEqual([
      { index: 0, name: 'NVIDIA Fake GPU', totalBytes: 8 * GIB, freeBytes: expect.any(Number) },
    ]);
  });

  it('waits for memory before a chunk that does not fit now, and goes ahead once it is freed', async () => {
    let freeBytes = Math.round(16 * GIB * 0.3) + MIB;
    const h = startHarness(cleanups, {
      watchdog: {
        readRam: () => ram(freeBytes),
        reserve: { fraction: 0.3 },
        gpuProbe: new ScriptedGpuProbe(Date.now),
        inventory: noGpus,
        intervalMs: 50,
      },
    });
    const job = renderJob(h, espeakTurns(2));
    await pollUntil(() => kinds(h.actions).includes('pause-queue'), 'the admission wait');
    const [wait] = h.actions;
    expect(wait!.reason).toMatch(
      /^A chunk of \d+ characters with espeak needs about \d+ MiB more, but only 1 MiB of RAM is free after keeping 4\.8 GiB in reserve\. Waiting for memory before the next chunk with espeak\. Render it in chunks of at most \d+ characters, or close other programs/,
    );
    expect(h.progress.filter((event) => event.status === 'done')).toEqual([]);
    freeBytes = 8 * GIB;
    const { takes } = await job;
    expect(takes.size).toBe(2);
    expect(kinds(h.actions)).toEqual(['pause-queue', 'resume-queue']);
    expect(h.actions[1]!.reason).toBe(
      'Memory freed (3.2 GiB usable) — the next chunk with espeak goes ahead',
    );
    // What was observed is calibrated into the data folder's estimates.
    await h.runtime.watchdog.current!.estimates.flush();
    const calibration = JSON.parse(fs.readFileSync(dataPaths(h.dataDir).calibrationFile, 'utf8')) as {
      models: Record<
        string,
        {
          chunks: Array<{ chunkChars: number; peakBytes: number; cold?: boolean }>;
          renders: Array<{ chars: number; ms: number; halfChars: number }>;
        }
      >;
    };
    const chunks = calibration.models['espeak|wasm']!.chunks;
    expect(chunks.length).toBeGreaterThan(0);
    // The worker's first chunk carries espeak's start-up: marked, so it counts once and not as slowness.
    expect(chunks.map((chunk) => chunk.cold === true)).toEqual(chunks.map((_, i) => i === 0));
    // And the render as a whole, for time estimates: one render, its characters and time so far.
    const renders = calibration.models['espeak|wasm']!.renders;
    expect(renders).toHaveLength(1);
    expect(renders[0]!.chars).toBeGreaterThanOrEqual(chunks[0]!.chunkChars);
    expect(renders[0]!.ms).toBeGreaterThan(0);
  });

  it('stops waiting after the longest wait: the turn fails with the reason, and the queue moves on', async () => {
    const h = startHarness(cleanups, {
      watchdog: {
        readRam: () => ram(Math.round(16 * GIB * 0.3) + MIB),
        reserve: { fraction: 0.3 },
        gpuProbe: new ScriptedGpuProbe(Date.now),
        inventory: noGpus,
        intervalMs: 50,
        maxMemoryWaitMs: 400,
      },
    });
    const { takes } = await renderJob(h, espeakTurns(1));
    expect(takes.size).toBe(0);
    expect(h.progress.find((event) => event.status === 'failed')?.error).toMatchObject({
      code: 'not-enough-memory',
      message: expect.stringMatching(/ Waited \d s for memory to free up\.$/),
      hint: expect.stringMatching(/^Render it in chunks of at most \d+ characters, or close other programs/),
    });
    expect(kinds(h.actions)).toEqual(['pause-queue', 'resume-queue']);
    expect(h.actions[1]!.reason).toBe(
      'No longer waiting for memory before the next chunk with espeak: this turn failed',
    );
  });

  it('fails a turn that can never fit with the reason and what to change, and plans say so up front', async () => {
    const dataDir = cleanups.tempDir('watchdog-huge');
    // Calibration as if every character had needed a terabyte.
    fs.writeFileSync(
      path.join(dataDir, 'calibration.json'),
      JSON.stringify({
        version: 1,
        models: { 'espeak|wasm': { loads: [], chunks: [{ peakBytes: 2 ** 50, chunkChars: 1, atMs: 0 }] } },
      }),
    );
    const h = startHarness(cleanups, {
      dataDir,
      watchdog: { readRam: () => ram(12 * GIB), gpuProbe: new ScriptedGpuProbe(Date.now), inventory: noGpus },
    });
    const turns = espeakTurns(2);
    const plan = await h.runtime.watchdog.planRender(h.runtime.scratchTakeStore(), turns);
    expect(plan).toMatchObject({ fits: false, turnsToRender: 2, cachedTurns: 0 });
    const { lines, changes } = describeRenderPlan(plan);
    expect(lines[1]).toMatch(
      /^espeak \(2 turns\): Will not fit on the CPU: espeak .* needs about \d+ GiB, but only 10\.4 GiB of RAM/,
    );
    expect(changes.length).toBeGreaterThan(0);

    const { takes } = await renderJob(h, turns);
    expect(takes.size).toBe(0);
    const failed = h.progress.filter((event) => event.status === 'failed');
    expect(failed).toHaveLength(2);
    expect(failed[0]!.error).toMatchObject({
      code: 'not-enough-memory',
      message: expect.stringMatching(
        /^A chunk of \d+ characters with espeak needs about .* more, but only 10\.4 GiB of RAM/,
      ),
      hint: expect.stringMatching(/free/),
    });
    expect(kinds(h.actions)).not.toContain('pause-queue');
  });

  it('serves getResources from the watchdog and forwards its snapshots and actions to StudioHost', async () => {
    const probe = new ScriptedGpuProbe(Date.now);
    const host = await createStudioHost({
      mode: 'cli',
      dataDir: cleanups.tempDir('watchdog-host'),
      env: { ROUNDTABLE_FAULTS: '' },
      takeUrl: (_dir, hash) => `/take/${hash}`,
      watchdog: {
        gpuProbe: probe,
        readRam: () => ram(12 * GIB),
        inventory: noGpus,
        provider: 'cuda',
        intervalMs: 50,
        policy: { dwellMs: 100, climbAfterMs: 60_000 },
      },
    });
    cleanups.add(() => host.dispose());
    const actions: WatchdogAction[] = [];
    const resources: ResourceSnapshot[] = [];
    host.on('onWatchdogAction', (action) => actions.push(action));
    host.on('onResources', (snapshot) => resources.push(snapshot));

    const snapshot = await host.handlers.getResources({});
    expect(ResourceSnapshotSchema.parse(snapshot)).toMatchObject({
      ram: { totalBytes: 16 * GIB, freeBytes: 12 * GIB },
      pressure: 'normal',
    });
    probe.push(2000);
    await pollUntil(
      () => resources.some((r) => r.gpus[0]?.name === 'Scripted GPU'),
      'a snapshot with the GPU',
    );
    probe.push(7700);
    expect(kinds(actions)).toEqual(['pause-queue']);
    await pollUntil(() => resources.some((r) => r.pressure === 'high'), 'a high-pressure snapshot');
    probe.push(2000);
    // Every sampling tick re-reads the last GPU reading, so the level eases once the dwell time has passed.
    await pollUntil(() => kinds(actions).includes('resume-queue'), 'the resume');
    expect(kinds(actions)).toEqual(['pause-queue', 'resume-queue']);
    expect((await host.handlers.getResources({})).gpus[0]).toMatchObject({ freeBytes: (8192 - 2000) * MIB });
  });
});
