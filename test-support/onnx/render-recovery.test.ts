/**
 * Crash recovery and the watchdog's ladder on real Kokoro and Piper renders: imported test packs, a real
 * worker process, injected faults (ROUNDTABLE_FAULTS) and a scripted GPU.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../electron/cli/main';
import { inProcessInspector } from '../../electron/host/models/in-process-inspector';
import { ModelPacks } from '../../electron/host/models/model-packs';
import { dataPaths } from '../../electron/host/paths';
import type { TakeRequest } from '../../electron/host/render/render-service';
import type { Harness } from '../../electron/host/runtime/testing/render-harness';
import { Cleanups, kinds, renderJob, startHarness } from '../../electron/host/runtime/testing/render-harness';
import type { DoctorReport } from '../../electron/host/watchdog/doctor-report';
import { ScriptedGpuProbe } from '../../electron/host/watchdog/testing/scripted-gpu-probe';
import { GIB } from '../../electron/host/watchdog/units';
import type { VoiceRef } from '../../shared/model/voice';
import type { HostToWorker } from '../../shared/protocol/worker-protocol';
import { writeKokoroTestPack, writePiperTestPack } from './test-packs';
import { pollUntil } from '../poll';

const cleanups = new Cleanups();
afterEach(() => cleanups.run());

const quietWatchdog = {
  readRam: () => ({ totalBytes: 16 * GIB, freeBytes: 12 * GIB, source: 'os' as const }),
  inventory: async () => ({ status: 'known' as const, gpus: [] }),
};

/** A data folder with the Kokoro and Piper test packs imported. */
async function dataDirWithPacks(): Promise<{ dataDir: string; kokoro: string; piper: string }> {
  const dataDir = cleanups.tempDir('recovery-data');
  const downloads = cleanups.tempDir('recovery-src');
  await writeKokoroTestPack(path.join(downloads, 'kokoro-test'));
  await writePiperTestPack(path.join(downloads, 'en_US-test-medium'));
  const packs = new ModelPacks({ modelsDir: dataPaths(dataDir).modelsDir, inspector: inProcessInspector });
  const kokoro = await packs.importPack(path.join(downloads, 'kokoro-test'));
  const piper = await packs.importPack(path.join(downloads, 'en_US-test-medium'));
  return { dataDir, kokoro: kokoro.manifest.id, piper: piper.manifest.id };
}

const voice = (engine: string, model: string, id: string): VoiceRef => ({
  engine,
  model,
  voice: id,
  params: { ratePercent: 100, pitchSemitones: 0 },
});

function script(kokoro: string, piper: string, prefix = 't'): TakeRequest[] {
  const host = voice('kokoro', kokoro, 'af_test');
  const guest = voice('piper', piper, 'default');
  const other = voice('kokoro', kokoro, 'am_test');
  return [
    { segmentId: `${prefix}1`, text: 'Welcome to the show. Tonight we talk about sound.', voice: host },
    { segmentId: `${prefix}2`, text: 'Thanks for having me. It is good to be back!', voice: guest },
    { segmentId: `${prefix}3`, text: 'Let us begin with a question, shall we?', voice: other },
    { segmentId: `${prefix}4`, text: 'Of course. Ask away, and I will do my best.', voice: guest },
  ];
}

const messagesOf = <T extends HostToWorker['type']>(h: Harness, type: T) =>
  h.sent.filter((entry) => entry.message.type === type) as Array<
    Harness['sent'][number] & { message: Extract<HostToWorker, { type: T }> }
  >;

/**
 * The heartbeat timeout of the hang test: long enough that a worker merely starved of CPU on a busy machine
 * is not taken for hung (which would recycle it again), short against the load's own deadline.
 */
const HANG_TIMEOUT_MS = 5000;

describe('recovery on real Kokoro and Piper renders', () => {
  it('detects a model load that hangs within the heartbeat timeout and loads it again on a fresh worker', async () => {
    const { dataDir, kokoro } = await dataDirWithPacks();
    const state = path.join(cleanups.tempDir('faults'), 'fired');
    const h = startHarness(cleanups, {
      dataDir,
      env: { ROUNDTABLE_FAULTS: 'hang@load', ROUNDTABLE_FAULTS_STATE: state },
      worker: { hangTimeoutMs: HANG_TIMEOUT_MS },
      watchdog: quietWatchdog,
    });
    const turn = {
      segmentId: 'h1',
      text: 'A load that hangs must not lose this turn.',
      voice: voice('kokoro', kokoro, 'af_test'),
    };
    const { takes, audio } = await renderJob(h, [turn]);

    expect(takes.size).toBe(1);
    expect(audio[0]!.length).toBeGreaterThan(0);
    expect(fs.readFileSync(state, 'utf8').trim().split('\n')).toEqual(['0:hang@load']);
    const loads = messagesOf(h, 'load');
    expect(loads.length).toBeGreaterThanOrEqual(2);
    expect(loads[1]!.pid).not.toBe(loads[0]!.pid);
    const hung = h.actions.find((action) => action.action === 'worker-hung')!;
    expect(hung.reason).toMatch(/^no heartbeat from the inference worker for \d+\.\d s$/);
    // Caught by the heartbeat timeout, not by the load's own deadline (minutes): the silence it names is
    // at least the timeout (how much longer depends on the machine's load, so it is not bounded here).
    const silentS = Number(/for (\d+\.\d) s$/.exec(hung.reason)![1]);
    expect(silentS * 1000).toBeGreaterThanOrEqual(HANG_TIMEOUT_MS - 100);
    expect(hung.atMs - loads[0]!.atMs).toBeGreaterThanOrEqual(HANG_TIMEOUT_MS - 1000);
    expect(h.actions.find((action) => action.action === 'retry-chunk')?.reason).toBe(
      `the inference worker stopped responding while loading ${kokoro}; loading it again on a fresh worker (attempt 2 of 4)`,
    );
    expect(h.progress.find((event) => event.status === 'done')?.segmentId).toBe('h1');

    // The doctor weighs the imported packs, with the estimates this render calibrated.
    await h.runtime.dispose();
    let out = '';
    const previous = process.env.ROUNDTABLE_DATA_DIR;
    process.env.ROUNDTABLE_DATA_DIR = dataDir;
    try {
      const code = await main(['doctor', '--json'], { stdout: (text) => (out += text), stderr: () => {} });
      expect(code).toBe(0);
    } finally {
      if (previous === undefined) delete process.env.ROUNDTABLE_DATA_DIR;
      else process.env.ROUNDTABLE_DATA_DIR = previous;
    }
    const report = JSON.parse(out) as DoctorReport;
    expect(report.admission.models.map((model) => model.modelId).sort()).toEqual([
      'en_US-test-medium',
      kokoro,
    ]);
  });

  it('gives audio identical to an undisturbed render through two worker aborts and an out-of-memory error', async () => {
    const { dataDir, kokoro, piper } = await dataDirWithPacks();
    const reference = startHarness(cleanups, { dataDir, watchdog: quietWatchdog });
    const clean = await renderJob(reference, script(kokoro, piper));
    await reference.runtime.dispose();
    fs.rmSync(dataPaths(dataDir).takeCacheDir, { recursive: true, force: true });

    const state = path.join(cleanups.tempDir('faults'), 'fired');
    const faulty = startHarness(cleanups, {
      dataDir,
      env: { ROUNDTABLE_FAULTS: 'abort@chunk:2,oom@chunk:3,abort@chunk:3', ROUNDTABLE_FAULTS_STATE: state },
      watchdog: quietWatchdog,
    });
    const disturbed = await renderJob(faulty, script(kokoro, piper));

    expect(fs.readFileSync(state, 'utf8').trim().split('\n')).toHaveLength(3);
    expect(kinds(faulty.actions).filter((kind) => kind === 'retry-chunk')).toHaveLength(3);
    expect(kinds(faulty.actions).filter((kind) => kind === 'worker-crashed')).toHaveLength(2);
    expect(faulty.progress.filter((event) => event.status === 'failed')).toEqual([]);
    expect(disturbed.takes.size).toBe(4);
    expect(disturbed.audio.map((pcm) => pcm.length)).toEqual(clean.audio.map((pcm) => pcm.length));
    disturbed.audio.forEach((pcm, index) =>
      expect(
        Buffer.from(pcm.buffer).equals(Buffer.from(clean.audio[index]!.buffer)),
        `turn ${index + 1}`,
      ).toBe(true),
    );
    // Every fresh worker had its models loaded again.
    expect(new Set(messagesOf(faulty, 'load').map((entry) => entry.pid)).size).toBeGreaterThanOrEqual(3);
  });

  it('climbs the ladder on a lasting GPU squeeze: unloads idle models, restarts the worker, falls back to the CPU', async () => {
    const { dataDir, kokoro, piper } = await dataDirWithPacks();
    const probe = new ScriptedGpuProbe(Date.now);
    const h = startHarness(cleanups, {
      dataDir,
      watchdog: {
        ...quietWatchdog,
        gpuProbe: probe,
        simulateProvider: 'cuda',
        intervalMs: 50,
        policy: { dwellMs: 200, climbAfterMs: 300 },
      },
    });
    probe.push(2000);
    const first = await renderJob(h, script(kokoro, piper, 'a').slice(0, 2));
    expect(first.takes.size).toBe(2);
    const watchdog = h.runtime.watchdog.current!;
    expect(watchdog.provider).toBe('cuda');
    const pidBefore = h.runtime.worker.pid;

    probe.push(8100); // 99 % used: critical
    expect(kinds(h.actions)).toEqual(['pause-queue', 'shrink-chunks', 'unload-idle-models']);
    await pollUntil(() => messagesOf(h, 'unload').length === 2, 'both idle models to be unloaded');
    expect(
      messagesOf(h, 'unload')
        .map((entry) => entry.message.modelId)
        .sort(),
    ).toEqual([kokoro, piper].sort());
    const deadline = Date.now() + 20_000;
    while (!kinds(h.actions).includes('fallback-cpu')) {
      if (Date.now() > deadline)
        throw new Error(`no fall-back to the CPU; actions: ${kinds(h.actions).join(', ')}`);
      probe.push(8100);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(kinds(h.actions)).toEqual([
      'pause-queue',
      'shrink-chunks',
      'unload-idle-models',
      'restart-worker',
      'fallback-cpu',
    ]);
    expect(h.actions[4]!.reason).toMatch(
      /^GPU memory still 98 % used .* — rendering on the CPU instead of the GPU$/,
    );
    await pollUntil(() => h.runtime.providerPreference.join() === 'cpu', 'the CPU preference');
    expect(h.runtime.worker.pid).not.toBe(pidBefore);
    expect(watchdog.provider).toBe('cpu');
    expect(h.runtime.render.chunkScale).toBe(0.5);
    // Rendering no longer uses the GPU, so its squeeze no longer holds the queue.
    await pollUntil(() => kinds(h.actions).includes('resume-queue'), 'the queue to resume');
    expect(h.actions.at(-1)).toMatchObject({
      action: 'resume-queue',
      reason: 'Rendering no longer uses the GPU — resuming the render queue',
    });
    await pollUntil(() => !h.runtime.render.isPaused, 'the queue to be running');
    const loadsBefore = messagesOf(h, 'load').length;
    const second = await renderJob(h, script(kokoro, piper, 'b'));
    expect(second.takes.size).toBe(4);
    const laterLoads = messagesOf(h, 'load').slice(loadsBefore);
    expect(laterLoads.length).toBe(2);
    for (const load of laterLoads) expect(load.message.model.providers).toEqual(['cpu']);
    expect(watchdog.details().provider).toBe('cpu');
  });
});
