import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { GpuReading } from './gpu-probe';
import { locateNvidiaSmi } from './nvidia-smi-locate';
import type { NvidiaSmiProbeOptions } from './nvidia-smi-probe';
import { MAX_UNREADABLE_LINES, NvidiaSmiProbe } from './nvidia-smi-probe';
import type { FakeNvidiaSmiSetup } from './testing/fake-nvidia-smi';
import { fakeNvidiaSmiEnv, isAlive } from './testing/fake-nvidia-smi';
import { MIB } from './units';
import { pollUntil } from '../../../test-support/poll';

const probes: NvidiaSmiProbe[] = [];
const tempDirs: string[] = [];

afterEach(async () => {
  await Promise.all(probes.splice(0).map((probe) => probe.dispose()));
  await Promise.all(tempDirs.splice(0).map((dir) => fs.rm(dir, { recursive: true, force: true })));
});

function probeWith(setup: FakeNvidiaSmiSetup, options: Partial<NvidiaSmiProbeOptions> = {}) {
  const env = fakeNvidiaSmiEnv(setup);
  const probe = new NvidiaSmiProbe({ command: locateNvidiaSmi({ env }), env, intervalMs: 100, ...options });
  probes.push(probe);
  const readings: GpuReading[] = [];
  const degraded: string[] = [];
  probe.events.on('reading', (reading) => readings.push(reading));
  probe.events.on('degraded', ({ reason }) => degraded.push(reason));
  return { probe, readings, degraded };
}

async function logFile(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'roundtable-fake-smi-'));
  tempDirs.push(dir);
  return path.join(dir, 'starts.jsonl');
}

async function startedPids(file: string): Promise<number[]> {
  const text = await fs.readFile(file, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { pid: number }).pid);
}

describe('NvidiaSmiProbe with the fake nvidia-smi', () => {
  it('streams live readings, follows the timeline, and reads [N/A] as unknown (lines split across writes)', async () => {
    const { probe, readings } = probeWith(
      {
        split: true,
        timeline: [
          {
            atMs: 0,
            usedMiB: 2000,
            totalMiB: 8192,
            gpus: [{ index: 1, name: 'NVIDIA Tesla T4', totalMiB: 15360, usedMiB: '[N/A]' }],
          },
          { atMs: 400, usedMiB: 7900 },
        ],
      },
      { perProcess: false },
    );
    probe.start();
    expect(probe.status).toBe('starting');
    await pollUntil(
      () => readings.some((r) => r.index === 0 && r.usedBytes === 7900 * MIB),
      'the squeeze reading',
    );
    expect(probe.status).toBe('live');
    const first = readings.find((r) => r.index === 0)!;
    expect(first).toMatchObject({
      name: 'NVIDIA Fake GPU',
      totalBytes: 8192 * MIB,
      usedBytes: 2000 * MIB,
      freeBytes: 6192 * MIB,
    });
    const t4 = readings.find((r) => r.index === 1)!;
    expect(t4).toMatchObject({
      name: 'NVIDIA Tesla T4',
      totalBytes: 15360 * MIB,
      usedBytes: null,
      freeBytes: null,
    });
    expect(probe.readings().map((r) => r.index)).toEqual([0, 1]);
    expect(probe.readings()[0]!.freeBytes).toBe(292 * MIB);
  });

  it('reports the GPU memory of a process from the per-process query', async () => {
    const { probe } = probeWith({
      timeline: [
        {
          atMs: 0,
          usedMiB: 3000,
          apps: [
            { pid: 'parent', usedMiB: 1234 },
            { pid: 999_999, usedMiB: 10 },
          ],
        },
      ],
    });
    probe.start();
    await pollUntil(
      () => probe.processGpuBytes(process.pid) === 1234 * MIB,
      'this process in the compute-apps list',
    );
    // A process not listed (while the query runs) holds no GPU memory.
    await pollUntil(() => probe.processGpuBytes(4_000_000) === 0, 'an unlisted pid to read as 0');
  });

  it('adds up a process on two GPUs, but not two frames that arrive together', async () => {
    const { probe } = probeWith({
      timeline: [
        {
          atMs: 0,
          apps: [
            { pid: 'parent', usedMiB: 1000 },
            { pid: 'parent', usedMiB: 500, gpu: 1 },
            { pid: 4242, usedMiB: 1234 },
          ],
        },
      ],
    });
    probe.start();
    await pollUntil(() => probe.processGpuBytes(process.pid) === 1500 * MIB, 'both GPUs of this process');
    // Keep the host busy for several intervals: the frames printed meanwhile are read in one go.
    const until = Date.now() + 500;
    while (Date.now() < until) {
      // busy
    }
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(probe.processGpuBytes(4242)).toBe(1234 * MIB);
    expect(probe.processGpuBytes(process.pid)).toBe(1500 * MIB);
  });

  it('gives up on a hanging nvidia-smi after restarts with backoff, says so once, and leaves no process behind', async () => {
    const log = await logFile();
    const { probe, degraded } = probeWith(
      { mode: 'hang', logFile: log },
      { firstLineDeadlineMs: 600, maxFailures: 3, backoffBaseMs: 50, perProcess: false },
    );
    // The event loop stays free all along: measure the worst timer lag while it hangs.
    let worstLagMs = 0;
    let last = Date.now();
    const ticker = setInterval(() => {
      const now = Date.now();
      worstLagMs = Math.max(worstLagMs, now - last - 20);
      last = now;
    }, 20);
    const before = Date.now();
    probe.start();
    expect(Date.now() - before).toBeLessThan(200);
    await pollUntil(() => degraded.length > 0, 'the degrade event', 15_000);
    clearInterval(ticker);
    expect(probe.status).toBe('degraded');
    expect(degraded).toHaveLength(1);
    expect(degraded[0]).toMatch(
      /^nvidia-smi failed 3 times in a row \(last: nvidia-smi gave no output for \d+\.\d s\)$/,
    );
    expect(worstLagMs).toBeLessThan(400);
    expect(probe.launches.gpu).toBe(3);
    // Under load a child can be killed before it got as far as logging its start: at most 3 logged.
    const pids = await startedPids(log);
    expect(pids.length).toBeLessThanOrEqual(3);
    await pollUntil(() => pids.every((pid) => !isAlive(pid)), 'the hung children to be gone');
    expect(probe.readings()).toEqual([]);
  });

  it('gives up on a run of unreadable lines at once, without waiting out the first-line deadline', async () => {
    const { probe, degraded } = probeWith(
      { mode: 'garbage' },
      // A deadline far beyond the test's wait: only the run of unreadable lines can end this nvidia-smi.
      { firstLineDeadlineMs: 600_000, maxFailures: 1, backoffBaseMs: 50, perProcess: false },
    );
    probe.start();
    await pollUntil(() => degraded.length > 0, 'the degrade event', 60_000);
    expect(degraded[0]).toMatch(
      new RegExp(`only unreadable output such as "[^"]+" \\(${MAX_UNREADABLE_LINES} lines in a row\\)`),
    );
    expect(probe.launches.gpu).toBe(1);
  });

  it('reads past a few unreadable lines before the readings (a banner) without counting a failure', async () => {
    const log = await logFile();
    const { probe, readings, degraded } = probeWith(
      {
        logFile: log,
        mode: 'garbage',
        // Three frames of garbage at 100 ms, then readings.
        timeline: [{ atMs: 250, mode: 'normal', usedMiB: 1000, totalMiB: 4096 }],
      },
      { firstLineDeadlineMs: 600_000, maxFailures: 1, backoffBaseMs: 50, perProcess: false },
    );
    probe.start();
    await pollUntil(() => readings.some((r) => r.usedBytes === 1000 * MIB), 'a reading after the banner');
    expect(degraded).toEqual([]);
    expect(probe.status).toBe('live');
    expect(await startedPids(log)).toHaveLength(1);
  });

  it('restarts a crashing nvidia-smi and reports the driver message', async () => {
    const log = await logFile();
    const { probe, degraded } = probeWith(
      { mode: 'crash', logFile: log },
      { maxFailures: 2, backoffBaseMs: 50, perProcess: false },
    );
    probe.start();
    await pollUntil(() => degraded.length > 0, 'the degrade event', 15_000);
    expect(degraded[0]).toMatch(
      /exited with code 9 \(NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver/,
    );
    expect(probe.launches.gpu).toBe(2);
    expect(await startedPids(log)).toHaveLength(2);
  });

  it('notices an nvidia-smi that goes quiet after working, and keeps the totals once degraded', async () => {
    const log = await logFile();
    const { probe, degraded, readings } = probeWith(
      {
        logFile: log,
        timeline: [
          { atMs: 0, usedMiB: 1000, totalMiB: 4096 },
          { atMs: 300, mode: 'hang' },
        ],
      },
      { silenceDeadlineMs: 400, maxFailures: 3, backoffBaseMs: 50, perProcess: false },
    );
    probe.start();
    await pollUntil(() => degraded.length > 0, 'the degrade event', 20_000);
    expect(readings.length).toBeGreaterThan(0);
    expect(probe.launches.gpu).toBe(3);
    expect(await startedPids(log)).toHaveLength(3);
    expect(probe.readings()).toEqual([
      expect.objectContaining({ index: 0, totalBytes: 4096 * MIB, usedBytes: null, freeBytes: null }),
    ]);
  });

  it('is unavailable without nvidia-smi, and dispose kills the children', async () => {
    const missing = new NvidiaSmiProbe({ command: null });
    missing.start();
    expect(missing.status).toBe('unavailable');
    expect(missing.processGpuBytes(process.pid)).toBeNull();
    await missing.dispose();

    const { probe, readings } = probeWith({ viaShim: process.platform !== 'win32' });
    probe.start();
    await pollUntil(() => readings.length > 0 && probe.childPids.apps !== undefined, 'a first reading');
    const { gpu, apps } = probe.childPids;
    await probe.dispose();
    await pollUntil(() => !isAlive(gpu!) && !isAlive(apps!), 'both nvidia-smi children to exit');
    expect(probe.status).toBe('disposed');
  });
});
