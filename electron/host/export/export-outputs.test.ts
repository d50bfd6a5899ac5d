/**
 * What an export leaves on disk, whatever happens to it: two exports to one output both finish and the
 * report always describes the audio beside it; no spool, staged or lock file stays behind (killed runs' are
 * removed by the next); a disk that cannot hold the export is said before anything is written, naming the
 * file and the space, and one that fills up half-way leaves nothing behind.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ffmpegEbur128 } from '../audio/testing/oracle';
import { fillDiskAfter } from '../files/testing/fault-fs';
import { ownedTempFiles, removeOwnedTempFilesSync } from '../files/temp-files';
import { DiskFullError } from '../files/write-errors';
import { TakeStore } from '../render/take-store';
import { runExportPipeline } from './export-pipeline';
import { exportProject } from './export-service';
import { projectWithTakes, wavExportOptions } from './testing/episode-fixture';
import { HANG_GUARD_MS } from '../../../test-support/hang-guard';

const dirs: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-export-outputs-'));
  dirs.push(dir);
  return dir;
}

const OUTPUTS = [
  'ep.chapters.json',
  'ep.chapters.vtt',
  'ep.json',
  'ep.labels.txt',
  'ep.report.txt',
  'ep.srt',
  'ep.vtt',
  'ep.wav',
];
const DEAD_PID = 2 ** 22 + 4321;

async function setUp() {
  const dir = tempDir();
  const store = new TakeStore(path.join(dir, 'takes'));
  const project = await projectWithTakes(store);
  const out = path.join(dir, 'out');
  fs.mkdirSync(out);
  return { dir, store, project, out, basePath: path.join(out, 'ep') };
}

describe('export outputs', () => {
  it('lets two exports to the same output both finish; the report describes the audio beside it', async () => {
    const { store, project, out, basePath } = await setUp();
    const results = await Promise.all(
      [-23, -19].map((target) =>
        exportProject({ project, store, basePath, options: wavExportOptions(target) }),
      ),
    );
    expect(results.map((result) => result.loudness.targetLufs)).toEqual([-23, -19]);
    const report = fs.readFileSync(path.join(out, 'ep.report.txt'), 'utf8');
    const target = Number(/target (-\d+) LUFS/.exec(report)?.[1]);
    expect([-23, -19]).toContain(target);
    expect(ffmpegEbur128(path.join(out, 'ep.wav')).integratedLufs).toBeCloseTo(target, 0);
    expect(fs.readdirSync(out).sort()).toEqual(OUTPUTS);
  });

  it('removes spools and staged files of killed exports (old and new names), never a live one or a user file', async () => {
    const { store, project, out, basePath } = await setUp();
    const stale = [
      `ep.spool-${DEAD_PID}.f32`,
      `ep.spool.roundtable-${DEAD_PID}-0123456789ab.tmp`,
      `ep.wav.roundtable-${DEAD_PID}-0123456789ab.tmp`,
      'ep.roundtable-lock',
    ];
    for (const name of stale)
      fs.writeFileSync(path.join(out, name), name.endsWith('lock') ? `${DEAD_PID}\n` : 'x');
    const kept = [`ep.spool-${process.ppid}.f32`, `notes.txt.tmp-${DEAD_PID}-1`];
    for (const name of kept) fs.writeFileSync(path.join(out, name), 'x');
    await exportProject({ project, store, basePath, options: wavExportOptions(-16) });
    expect(fs.readdirSync(out).sort()).toEqual([...OUTPUTS, ...kept].sort());
  });

  it('registers its spool and staged files, so a signal handler can remove them mid-export', async () => {
    const { store, project, out, basePath } = await setUp();
    const controller = new AbortController();
    let removed: string[] = [];
    await expect(
      exportProject({
        project,
        store,
        basePath,
        options: wavExportOptions(-16),
        signal: controller.signal,
        onProgress: (progress) => {
          if (progress.phase === 'encoding' && progress.fraction > 0.6 && removed.length === 0) {
            // What the CLI's SIGINT handler does before it exits.
            removed = removeOwnedTempFilesSync().map((file) => path.basename(file));
            controller.abort();
          }
        },
      }),
    ).rejects.toThrow();
    expect(removed.some((name) => name.startsWith('ep.spool.roundtable-'))).toBe(true);
    expect(removed.some((name) => name.startsWith('ep.wav.roundtable-'))).toBe(true);
    expect(fs.readdirSync(out)).toEqual([]);
    expect(ownedTempFiles().filter((file) => file.startsWith(out))).toEqual([]);
  });

  it('keeps the previous export whole, its report with it, when an export is cancelled', async () => {
    const { store, project, out, basePath } = await setUp();
    await exportProject({ project, store, basePath, options: wavExportOptions(-23) });
    const before = new Map(OUTPUTS.map((name) => [name, fs.readFileSync(path.join(out, name))]));
    const controller = new AbortController();
    await expect(
      exportProject({
        project,
        store,
        basePath,
        options: wavExportOptions(-16),
        signal: controller.signal,
        onProgress: (progress) => {
          if (progress.phase === 'encoding') controller.abort();
        },
      }),
    ).rejects.toThrow();
    expect(fs.readdirSync(out).sort()).toEqual(OUTPUTS);
    for (const [name, bytes] of before)
      expect(fs.readFileSync(path.join(out, name)).equals(bytes)).toBe(true);
  });

  it('refuses before writing anything when the disk cannot hold the spool and the export, saying how much', async () => {
    const { store, project, out, basePath } = await setUp();
    const statfs = vi.spyOn(fsp, 'statfs').mockResolvedValue({ bavail: 100, bsize: 4096 } as never);
    // The pipeline in this thread, where the spy is (the export thread has its own fs; the tmpfs test below
    // runs this through the thread on a real small disk).
    const error = await runExportPipeline({ project, store, basePath, options: wavExportOptions(-16) }).catch(
      (caught: unknown) => caught,
    );
    expect(statfs).toHaveBeenCalled();
    expect(error).toBeInstanceOf(DiskFullError);
    expect((error as Error).message).toMatch(
      /^the disk is full: cannot write .*ep\.wav; it needs about \d+(\.\d)? [KM]B and 410 KB is free there$/,
    );
    expect((error as DiskFullError).hint).toMatch(
      /^Free at least \d+(\.\d)? [KM]B on the disk that holds .*out/,
    );
    expect(fs.readdirSync(out)).toEqual([]);
  });

  it('says which file a disk that fills up half-way refused, and leaves no file behind', async () => {
    const { store, project, out, basePath } = await setUp();
    const disk = fillDiskAfter(out, 200_000);
    // In this thread, where the fault is (export-thread.test.ts fills a real disk under the export thread).
    const error = await runExportPipeline({ project, store, basePath, options: wavExportOptions(-16) }).catch(
      (caught: unknown) => caught,
    );
    disk.restore();
    expect(error).toBeInstanceOf(DiskFullError);
    expect((error as Error).message).toMatch(/^the disk is full: cannot write .*out\/ep\.(wav|spool)/);
    expect(fs.readdirSync(out)).toEqual([]);
  });
});

/** A real small file system, where this machine lets tests mount one (root in a sandbox); else skipped. */
describe('export and take cache on a full tmpfs', () => {
  function mountTmpfs(bytes: number): string | null {
    const dir = tempDir();
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', dir], { stdio: 'ignore' });
    } catch {
      return null;
    }
    return dir;
  }
  const unmount = (dir: string) => execFileSync('umount', [dir], { stdio: 'ignore' });

  it(
    'refuses an export too large for a 2 MB disk, and a take that does not fit, leaving no temp file',
    { timeout: HANG_GUARD_MS },
    async (context) => {
      const mounted = mountTmpfs(2 * 1024 * 1024);
      if (mounted === null)
        return context.skip('mounting a tmpfs is not permitted here (needs root); skipped');
      try {
        const { store, project } = await setUp();
        const basePath = path.join(mounted, 'ep');
        const long = { ...wavExportOptions(-16), channels: 2 as const, bitDepth: 24 as const };
        const slow = { ...project, segments: project.segments.map((s) => ({ ...s, gapBeforeMs: 30_000 })) };
        const error = await exportProject({ project: slow, store, basePath, options: long }).catch(
          (caught: unknown) => caught,
        );
        expect(error).toBeInstanceOf(DiskFullError);
        expect((error as Error).message).toMatch(
          /cannot write .*ep\.wav; it needs about \d+(\.\d)? MB and 2\.1 MB/,
        );
        expect(fs.readdirSync(mounted)).toEqual([]);

        // The disk fills up: the take that does not fit is named, and nothing half-written stays.
        fs.writeFileSync(path.join(mounted, 'filler'), Buffer.alloc(2 * 1024 * 1024 - 64 * 1024));
        const takes = new TakeStore(path.join(mounted, 'takes'));
        const take = await takes
          .put('abcdef0123456789', new Float32Array(48_000), 24_000, { engine: 'e', voice: 'v', text: 't' })
          .catch((caught: unknown) => caught);
        expect(take).toBeInstanceOf(DiskFullError);
        expect((take as Error).message).toMatch(/cannot write .*takes\/abcdef0123456789\.wav/);
        expect(fs.readdirSync(path.join(mounted, 'takes'))).toEqual([]);
      } finally {
        unmount(mounted);
      }
    },
  );
});
