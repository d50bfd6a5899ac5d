/**
 * The export runs on a thread of its own: the host's main thread (Electron's main process in the desktop
 * app) only starts it, passes progress and cancel on and receives the result. Proved structurally, not by
 * timing: every DSP step of the export (assembly and resampling of takes, the bed mix and its ducking,
 * spool, loudness meter, limiter, checks, encoders) is spied on in this thread and never called here, while
 * the export's files are exactly those of the same pipeline run in this thread.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Bed } from '../../../shared/model/beds';
import { Resampler } from '../audio/resampler';
import { WavWriter } from '../audio/wav-writer';
import { DuckEnvelope } from '../../../shared/model/bed-envelope';
import { BedStore } from '../beds/bed-store';
import { ownedTempFiles } from '../files/temp-files';
import { DiskFullError } from '../files/write-errors';
import { EpisodeMixer } from '../render/episode-mixer';
import { TakeStore } from '../render/take-store';
import { FlacEncoder } from './encoders/flac-encoder';
import { Mp3Encoder } from './encoders/mp3/mp3-encoder';
import { WavEncoder } from './encoders/wav-encoder';
import { ExportChecker } from './export-checks';
import { runExportPipeline } from './export-pipeline';
import { exportProject } from './export-service';
import { TruePeakLimiter } from './loudness/limiter';
import { LoudnessMeter } from './loudness/loudness-meter';
import { SpoolEncoder } from './spool-format';
import { burst, projectWithTakes, wavExportOptions } from './testing/episode-fixture';
import { HANG_GUARD_MS } from '../../../test-support/hang-guard';

const dirs: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-export-thread-'));
  dirs.push(dir);
  return dir;
}

/** The fixture episode with a looped, ducked bed at another rate than the export's. */
async function setUp() {
  const dir = tempDir();
  const store = new TakeStore(path.join(dir, 'takes'));
  const beds = new BedStore(path.join(dir, 'beds'));
  const bedFile = path.join(dir, 'loop.wav');
  const writer = await WavWriter.create(bedFile, { sampleRate: 22_050, channels: 1, bitDepth: 16 });
  await writer.write(burst(1.5, 22_050, 9, 0.3));
  await writer.close();
  const bed: Bed = {
    id: 'bed',
    audio: await beds.importFile(bedFile),
    anchor: { kind: 'start' },
    offsetMs: 0,
    loop: true,
    fadeInMs: 200,
    fadeOutMs: 200,
    gainDb: -6,
    duck: { depthDb: 12, attackMs: 100, releaseMs: 300 },
  };
  const project = { ...(await projectWithTakes(store)), beds: [bed] };
  const out = path.join(dir, 'out');
  fs.mkdirSync(out);
  return { store, beds, project, out };
}

/** Spies on every DSP step an export takes; each must stay uncalled in this thread. */
function spyOnDsp() {
  const spies = {
    'EpisodeMixer.add': vi.spyOn(EpisodeMixer.prototype, 'add'),
    'Resampler.process': vi.spyOn(Resampler.prototype, 'process'),
    'DuckEnvelope.gains': vi.spyOn(DuckEnvelope.prototype, 'gains'),
    'SpoolEncoder.push': vi.spyOn(SpoolEncoder.prototype, 'push'),
    'LoudnessMeter.push': vi.spyOn(LoudnessMeter.prototype, 'push'),
    'TruePeakLimiter.process': vi.spyOn(TruePeakLimiter.prototype, 'process'),
    'ExportChecker.push': vi.spyOn(ExportChecker.prototype, 'push'),
    'WavEncoder.write': vi.spyOn(WavEncoder.prototype, 'write'),
    'FlacEncoder.write': vi.spyOn(FlacEncoder.prototype, 'write'),
    'Mp3Encoder.write': vi.spyOn(Mp3Encoder.prototype, 'write'),
  };
  return () => Object.fromEntries(Object.entries(spies).map(([name, spy]) => [name, spy.mock.calls.length]));
}

const NEVER = {
  'EpisodeMixer.add': 0,
  'Resampler.process': 0,
  'DuckEnvelope.gains': 0,
  'SpoolEncoder.push': 0,
  'LoudnessMeter.push': 0,
  'TruePeakLimiter.process': 0,
  'ExportChecker.push': 0,
  'WavEncoder.write': 0,
  'FlacEncoder.write': 0,
  'Mp3Encoder.write': 0,
};

describe('exportProject on the export thread', { timeout: HANG_GUARD_MS }, () => {
  it('runs no DSP on the calling thread, and writes what the pipeline writes here', async () => {
    const { store, beds, project, out } = await setUp();
    const calls = spyOnDsp();
    const phases = new Set<string>();
    const threaded = await exportProject({
      project,
      store,
      beds,
      basePath: path.join(out, 'threaded'),
      // Normalised with the limiter's gain search (the fixture's hot turn), so every stage runs.
      options: wavExportOptions(-12),
      onProgress: (progress) => phases.add(progress.phase),
    });
    expect(calls()).toEqual(NEVER);
    expect([...phases]).toEqual(['measuring', 'encoding', 'checking', 'done']);
    expect(threaded.loudness.plan?.useLimiter).toBe(true);
    expect(threaded.beds.map((bed) => bed.fileName)).toEqual(['loop.wav']);

    // The control: the same pipeline in this thread is seen by every spy but the unused encoders'.
    vi.restoreAllMocks();
    const here = spyOnDsp();
    await runExportPipeline({
      project,
      store,
      beds,
      basePath: path.join(out, 'here'),
      options: wavExportOptions(-12),
    });
    const seen = here();
    for (const [name, count] of Object.entries(seen)) {
      if (!name.startsWith('Mp3') && !name.startsWith('Flac')) expect(count, name).toBeGreaterThan(0);
    }
    const audio = (name: string) => fs.readFileSync(path.join(out, `${name}.wav`));
    expect(audio('threaded').equals(audio('here'))).toBe(true);
  });

  it('encodes MP3 and FLAC there too (the clip guard limiter without normalisation)', async () => {
    const { store, beds, project, out } = await setUp();
    const calls = spyOnDsp();
    for (const format of ['mp3', 'flac'] as const) {
      const result = await exportProject({
        project,
        store,
        beds,
        basePath: path.join(out, format),
        options: { ...wavExportOptions(null), format, channels: 2 },
      });
      expect(result.audioFiles.map((file) => path.basename(file.path))).toEqual([`${format}.${format}`]);
    }
    expect(calls()).toEqual(NEVER);
  });

  it("fails a cancelled export with the signal's reason and leaves nothing, temp files released", async () => {
    const { store, beds, project, out } = await setUp();
    const controller = new AbortController();
    const reason = new Error('stopped by the test');
    const error = await exportProject({
      project,
      store,
      beds,
      basePath: path.join(out, 'ep'),
      options: wavExportOptions(-16),
      signal: controller.signal,
      onProgress: (progress) => {
        if (progress.phase === 'encoding') controller.abort(reason);
      },
    }).catch((caught: unknown) => caught);
    expect(error).toBe(reason);
    expect(fs.readdirSync(out)).toEqual([]);
    expect(ownedTempFiles().filter((file) => file.startsWith(out))).toEqual([]);
  });

  it("passes the thread's errors on by their kind: a disk that fills up mid-export", async (context) => {
    const { store, project } = await setUp();
    const mounted = tempDir();
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mounted], { stdio: 'ignore' });
    } catch {
      return context.skip('mounting a tmpfs is not permitted here (needs root); skipped');
    }
    try {
      // Long gaps: the spool and the WAV need about 1.5 MB each; the disk fills once the export runs.
      const long = {
        ...project,
        beds: [],
        segments: project.segments.map((s) => ({ ...s, gapBeforeMs: 3_000 })),
      };
      let filled = false;
      const error = await exportProject({
        project: long,
        store,
        basePath: path.join(mounted, 'ep'),
        options: wavExportOptions(-16),
        onProgress: (progress) => {
          if (filled || progress.phase !== 'measuring') return;
          filled = true;
          // Every byte left, while the export writes on its thread: written until the disk refuses.
          const fd = fs.openSync(path.join(mounted, 'filler'), 'w');
          const chunk = Buffer.alloc(64 * 1024);
          try {
            for (;;) fs.writeSync(fd, chunk);
          } catch {
            // full
          } finally {
            fs.closeSync(fd);
          }
        },
      }).catch((caught: unknown) => caught);
      expect(filled).toBe(true);
      expect(error).toBeInstanceOf(DiskFullError);
      expect((error as DiskFullError).message).toMatch(/^the disk is full: cannot write .*ep\.(spool|wav)/);
      expect((error as DiskFullError).hint).toMatch(/^Free /);
      expect(fs.readdirSync(mounted)).toEqual(['filler']);
      expect(ownedTempFiles().filter((file) => file.startsWith(mounted))).toEqual([]);
    } finally {
      execFileSync('umount', [mounted], { stdio: 'ignore' });
    }
  });
});
