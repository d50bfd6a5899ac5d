import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { WatchdogAction } from '../../../shared/api/studio-api';
import { ResourceSnapshotSchema } from '../../../shared/api/studio-api';
import { fakeSidecarCommand } from '../../../test-support/fake-sidecar/fake-sidecar-path';
import { EstimateStore, ResourceWatchdog } from '../watchdog';
import { fakeNvidiaSmiEnv } from '../watchdog/testing/fake-nvidia-smi';
import { GIB, MIB } from '../watchdog/units';
import { ManagedSidecar } from './managed-sidecar';
import { readStat } from './process-tree';
import { SidecarFleet } from './sidecar-fleet';
import type { SidecarDefinitionInput } from './sidecar-definition';
import { parseSidecarDefinition } from './sidecar-definition';
import { pollUntil } from '../../../test-support/poll';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Setup {
  /** GPU 0's use by others, MiB of 8192. */
  usedMiB?: number;
  /** More fake-sidecar arguments (given the test's folder). */
  extra?: (dir: string) => string[];
  definition?: Partial<SidecarDefinitionInput>;
  policy?: { dwellMs?: number; climbAfterMs?: number };
}

async function setup(options: Setup = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'managed-sidecar-'));
  const appsDir = path.join(dir, 'apps');
  fs.mkdirSync(appsDir);
  const env = fakeNvidiaSmiEnv({
    timeline: [{ atMs: 0, usedMiB: options.usedMiB ?? 500, totalMiB: 8192 }],
    appsDir,
  });
  const estimates = EstimateStore.inMemory();
  const watchdog = new ResourceWatchdog({
    estimates,
    env,
    intervalMs: 100,
    readRam: () => ({ totalBytes: 32 * GIB, freeBytes: 24 * GIB, source: 'os' }),
    inventory: async () => ({ status: 'known', gpus: [] }),
    policy: { dwellMs: 0, climbAfterMs: 60_000, ...options.policy },
  });
  const announced: { action: WatchdogAction['action']; reason: string }[] = [];
  const pidFile = path.join(dir, 'pids');
  const definition = parseSidecarDefinition({
    name: 'fake',
    command: fakeSidecarCommand(['--pid-file', pidFile, ...(options.extra?.(dir) ?? [])]),
    values: { model: '/models/VibeVoice-1.5B' },
    memory: { gpuMiB: 2000 },
    idleTimeoutS: 0,
    loadTimeoutS: 120,
    ...options.definition,
  });
  const sidecar = new ManagedSidecar(definition, {
    watchdog: async () => {
      watchdog.start();
      return watchdog;
    },
    env,
    healthPollMs: 20,
    killGraceMs: 1000,
    recheckMs: 200,
    announce: (action, reason) => announced.push({ action, reason }),
  });
  cleanups.push(
    () => fs.rmSync(dir, { recursive: true, force: true }),
    () => watchdog.dispose(),
    () => sidecar.dispose(),
  );
  watchdog.start();
  await pollUntil(() => watchdog.snapshot().gpus[0]?.freeBytes != null, 'the first GPU reading', 20_000);
  /** Another program takes (or with 0 gives back) this much GPU memory, as nvidia-smi will report. */
  const otherProgramUses = (mib: number) => {
    const file = path.join(appsDir, String(process.pid));
    if (mib > 0) fs.writeFileSync(file, String(mib));
    else fs.rmSync(file, { force: true });
  };
  const started = () =>
    fs.existsSync(pidFile) ? fs.readFileSync(pidFile, 'utf8').split('\n').filter(Boolean).length : 0;
  const freeMiB = () => (watchdog.snapshot().gpus[0]?.freeBytes ?? 0) / MIB;
  return { dir, watchdog, estimates, sidecar, announced, otherProgramUses, started, freeMiB };
}

const signal = () => new AbortController().signal;

/** Alive and not a zombie (an orphan's zombie waits for PID 1, which in a container may never reap it). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  return readStat(pid)?.state !== 'Z';
}

describe('ManagedSidecar with the watchdog', () => {
  it('measures the server by pid through nvidia-smi (its whole process group), shows it and calibrates', async () => {
    // The GPU memory is held by a child of the server, as in servers that run the model in a subprocess.
    const { dir, watchdog, estimates, sidecar } = await setup({
      extra: (folder) => ['--gpu-mib', '3000', '--grandchild-pid-file', path.join(folder, 'grandchild')],
    });
    const grandchildFile = path.join(dir, 'grandchild');
    const lease = await sidecar.acquire(signal(), { chars: 40 });
    lease.release();
    const grandchild = Number(fs.readFileSync(grandchildFile, 'utf8'));
    expect(sidecar.supervisor.pids()).toContain(grandchild);
    await pollUntil(
      () => watchdog.snapshot().sidecars?.[0]?.gpuBytes === 3000 * MIB,
      'the sidecar GPU memory',
      20_000,
    );
    const snapshot = ResourceSnapshotSchema.parse(watchdog.snapshot());
    expect(snapshot.sidecars).toEqual([
      { name: 'fake', running: true, rssBytes: expect.any(Number), gpuBytes: 3000 * MIB },
    ]);
    if (process.platform === 'linux') expect(snapshot.sidecars![0]!.rssBytes).toBeGreaterThan(10 * MIB);
    expect(watchdog.sidecarMemory('fake')?.pid).toBe(sidecar.supervisor.pid);
    // Its load is observed once and then estimated from what it took here, not the definition's 2000 MiB.
    await pollUntil(() => estimates.observationCount('sidecar:fake', 'cuda').loads === 1, 'the calibration');
    const estimate = estimates.modelLoadEstimate(sidecar.gate.figures());
    expect(estimate.basis).toBe('observed');
    expect(estimate.bytes).toBe(Math.ceil(3000 * MIB * 1.1));
    // Stopped: nothing is measured any more.
    await sidecar.supervisor.stop('test');
    expect(isAlive(grandchild)).toBe(false);
    await pollUntil(() => watchdog.snapshot().sidecars?.[0]?.running === false, 'the stopped sidecar');
    expect(watchdog.snapshot().sidecars?.[0]?.gpuBytes).toBeNull();
  });

  it('refuses to start a server that could never fit, without starting it', async () => {
    const { sidecar, started } = await setup({ definition: { memory: { gpuMiB: 9000 } } });
    const error = await sidecar.acquire(signal()).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'not-enough-memory',
      message: expect.stringMatching(/Loading sidecar:fake on the GPU \(CUDA\) needs about 8\.8 GiB/),
    });
    expect(started()).toBe(0);
  });

  it('waits for GPU memory before starting the server, and starts it once another program frees it', async () => {
    const { sidecar, announced, otherProgramUses, started, freeMiB } = await setup();
    otherProgramUses(6500);
    await pollUntil(() => freeMiB() === 8192 - 500 - 6500, 'the other program to show');
    let lease: Awaited<ReturnType<ManagedSidecar['acquire']>> | undefined;
    const acquiring = sidecar.acquire(signal(), { chars: 20 }).then((value) => (lease = value));
    await pollUntil(() => announced.some((a) => a.action === 'pause-queue'), 'the wait to be announced');
    expect(announced[0]!.reason).toMatch(/needs about 2\.0 GiB, but only .* of GPU memory/);
    expect(announced[0]!.reason).toMatch(/Waiting for memory before starting fake/);
    expect(started()).toBe(0);
    expect(lease).toBeUndefined();
    otherProgramUses(0);
    await acquiring;
    expect(started()).toBe(1);
    expect(announced.at(-1)).toMatchObject({ action: 'resume-queue' });
    lease!.release();
  });

  it('applies the pressure ladder: holds new requests, halves their size, restarts the server to free memory', async () => {
    const { sidecar, announced, otherProgramUses, started } = await setup({ policy: { climbAfterMs: 300 } });
    const held = await sidecar.acquire(signal(), { chars: 20 });
    expect(held.maxChars).toBe(1000);
    const firstPid = sidecar.supervisor.pid!;
    // Another program fills the GPU: critical pressure (the server counts: it runs on the GPU).
    otherProgramUses(7600);
    await pollUntil(
      () => sidecar.gate.paused && sidecar.gate.requestScale === 0.5,
      'pause and shrink',
      20_000,
    );
    // A request in flight keeps the server from being stopped as idle; the next rung restarts it anyway.
    await pollUntil(
      () => announced.some((a) => a.action === 'restart-worker') && sidecar.supervisor.state === 'stopped',
      'the restart',
      20_000,
    );
    expect(isAlive(firstPid)).toBe(false);
    held.release();
    let next: Awaited<ReturnType<ManagedSidecar['acquire']>> | undefined;
    const acquiring = sidecar.acquire(signal(), { chars: 20 }).then((value) => (next = value));
    await pollUntil(() => announced.some((a) => a.action === 'pause-queue'), 'the held request');
    expect(next).toBeUndefined();
    expect(started()).toBe(1);
    otherProgramUses(0);
    await acquiring;
    expect(started()).toBe(2);
    expect(next!.maxChars).toBe(500);
    const speech = await fetch(`${next!.baseUrl}/v1/audio/speech`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'VibeVoice-1.5B', input: 'Back again.', response_format: 'pcm' }),
    });
    expect(speech.status).toBe(200);
    next!.release();
    // The deliberate restart is not a crash.
    expect(sidecar.supervisor.restartPolicy.recentRestarts).toBe(0);
  });
});

describe('SidecarFleet', () => {
  it('keeps one sidecar per engine, replaces it when its definition changes, and stops all on quit', async () => {
    const { watchdog } = await setup();
    const fleet = new SidecarFleet({ watchdog: async () => watchdog, healthPollMs: 20, killGraceMs: 1000 });
    cleanups.push(() => fleet.dispose());
    const definition = parseSidecarDefinition({
      name: 'a',
      command: fakeSidecarCommand(),
      values: { model: '/m/one' },
      idleTimeoutS: 0,
    });
    const first = await fleet.get(definition);
    expect(await fleet.get(parseSidecarDefinition({ ...definition }))).toBe(first);
    const lease = await first.acquire(signal());
    lease.release();
    const firstPid = first.supervisor.pid!;
    const changed = await fleet.get(parseSidecarDefinition({ ...definition, values: { model: '/m/two' } }));
    expect(changed).not.toBe(first);
    expect(isAlive(firstPid)).toBe(false);
    const again = await changed.acquire(signal());
    again.release();
    const secondPid = changed.supervisor.pid!;
    expect(fleet.statuses().map((status) => [status.name, status.state])).toEqual([['a', 'ready']]);
    await fleet.dispose();
    expect(isAlive(secondPid)).toBe(false);
    await expect(fleet.get(definition)).rejects.toThrow(/shut down/);
  });
});
