/** The export service the studio and the CLI share: job ids on progress, cancel by id or signal, speeds kept. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExportProgress } from '../../../shared/api/studio-api';
import { TakeStore } from '../render/take-store';
import { ExportService } from './export-jobs';
import { projectWithTakes, wavExportOptions } from './testing/episode-fixture';
import { HANG_GUARD_MS } from '../../../test-support/hang-guard';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function setUp() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-export-jobs-'));
  dirs.push(dir);
  const store = new TakeStore(path.join(dir, 'takes'));
  const project = await projectWithTakes(store);
  fs.mkdirSync(path.join(dir, 'out'));
  const speedsFile = path.join(dir, 'data', 'export-speeds.json');
  return { store, project, out: path.join(dir, 'out'), speedsFile };
}

describe('ExportService', { timeout: HANG_GUARD_MS }, () => {
  it("names the job on every progress event and keeps this machine's speeds", async () => {
    const { store, project, out, speedsFile } = await setUp();
    const service = new ExportService(speedsFile);
    const seen: ExportProgress[] = [];
    const job = service.start({
      project,
      store,
      basePath: path.join(out, 'ep'),
      options: wavExportOptions(-16),
      onProgress: (progress) => seen.push(progress),
    });
    const result = await job.done;
    expect(result.audioFiles).toHaveLength(1);
    expect(seen.at(-1)?.phase).toBe('done');
    expect(new Set(seen.map((progress) => progress.jobId))).toEqual(new Set([job.jobId]));
    const speeds = JSON.parse(fs.readFileSync(speedsFile, 'utf8')) as { phases: Record<string, number[]> };
    expect(Object.keys(speeds.phases).sort()).toEqual(['encode-wav', 'finish', 'measure']);
    expect(job.cancelled.aborted).toBe(false);
  });

  it("cancels by job id, and by the caller's signal with its reason; nothing is left", async () => {
    const { store, project, out, speedsFile } = await setUp();
    const service = new ExportService(speedsFile);
    const byId = service.start({
      project,
      store,
      basePath: path.join(out, 'a'),
      options: wavExportOptions(-16),
      onProgress: (progress) => {
        if (progress.phase === 'encoding') service.cancel(byId.jobId);
      },
    });
    await expect(byId.done).rejects.toThrow();
    expect(byId.cancelled.aborted).toBe(true);

    const controller = new AbortController();
    const reason = new Error('stopped by SIGINT');
    const bySignal = service.start({
      project,
      store,
      basePath: path.join(out, 'b'),
      options: wavExportOptions(-16),
      signal: controller.signal,
      onProgress: (progress) => {
        if (progress.phase === 'encoding') controller.abort(reason);
      },
    });
    await expect(bySignal.done).rejects.toBe(reason);
    expect(fs.readdirSync(out)).toEqual([]);
  });

  it('on shutdown cancels every export and returns only once each has ended, leaving no file', async () => {
    const { store, project, out, speedsFile } = await setUp();
    const service = new ExportService(speedsFile);
    let encoding!: () => void;
    const started = new Promise<void>((resolve) => (encoding = resolve));
    const job = service.start({
      project,
      store,
      basePath: path.join(out, 'quit'),
      options: wavExportOptions(-16),
      onProgress: (progress) => {
        if (progress.phase === 'encoding') encoding();
      },
    });
    const outcome = job.done.then(
      () => 'finished',
      () => 'cancelled',
    );
    await started;
    await service.dispose();
    // Checked before anything else may run: dispose returned after the job had cleaned up.
    expect(fs.readdirSync(out)).toEqual([]);
    expect(job.cancelled.aborted).toBe(true);
    expect(await outcome).toBe('cancelled');
  });
});
