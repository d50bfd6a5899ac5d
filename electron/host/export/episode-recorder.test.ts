import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Project } from '../../../shared/model/project';
import { collectFloat32 as collect } from '../../../test-support/float32';
import { TakeStore } from '../render/take-store';
import { turnKey } from '../render/episode-assembler';
import { discardPrepared, EpisodeRecorder } from './episode-recorder';
import { ownedTempFiles } from '../files/temp-files';
import { exportProject } from './export-service';
import { exportSource } from './export-source';
import { LoudnessMeter } from './loudness/loudness-meter';
import { SpoolEncoder, spoolBytes } from './spool-format';
import { projectWithTakes, wavExportOptions } from './testing/episode-fixture';

/** `<dir>/<folder>/ep`, with the folder made (an export writes only into folders that exist). */
function outBase(dir: string, folder: string): string {
  fs.mkdirSync(path.join(dir, folder), { recursive: true });
  return path.join(dir, folder, 'ep');
}

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-recorder-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const withoutTakes = (project: Project): Project => ({
  ...project,
  segments: project.segments.map(({ take: _take, ...segment }) => segment),
});

/** The project with speaker b's level at `gainDb`. */
const withLevel = (project: Project, gainDb: number): Project => ({
  ...project,
  speakers: project.speakers.map((speaker) => (speaker.id === 'b' ? { ...speaker, gainDb } : speaker)),
});

describe('EpisodeRecorder', () => {
  it('records, from takes offered in any order, exactly what the export would read, and measures it', async () => {
    const dir = tempDir();
    const store = new TakeStore(path.join(dir, 'takes'));
    const plain = withLevel(await projectWithTakes(store), -3.5);
    // Clip edits too: a trimmed and faded turn, and one overlapping the turn before it (cross-talk).
    const project: Project = {
      ...plain,
      segments: plain.segments.map((segment, index) =>
        index === 1
          ? { ...segment, trimStartMs: 40, trimEndMs: 60, fadeInMs: 80, fadeOutMs: 120 }
          : index === 3
            ? { ...segment, gapBeforeMs: 0, overlapMs: 250 }
            : segment,
      ),
    };
    const spoolPath = path.join(dir, 'out', 'episode.spool.f32');
    const recorder = new EpisodeRecorder(withoutTakes(project), store, {
      sampleRate: 48_000,
      channels: 2,
      measure: true,
      bitDepth: 16,
      spoolPath,
    });
    for (const index of [3, 1, 0, 4, 2]) {
      const segment = project.segments[index];
      if (segment?.take) recorder.offer(segment.id, segment.take);
    }
    const prepared = await recorder.finish(project);
    await recorder.dispose();
    expect(prepared).not.toBeNull();

    const assembled = await collect(exportSource(project, store, 48_000, 2));
    const encoder = new SpoolEncoder(16);
    const records = [...encoder.push(assembled), ...encoder.flush()];
    const bytes = fs.readFileSync(spoolPath);
    expect(bytes.length).toBe(spoolBytes(assembled.length, 16));
    // Buffer.equals, not toEqual: a deep comparison of megabytes takes seconds.
    expect(Buffer.concat(records.map((record) => record.bytes)).equals(bytes)).toBe(true);
    expect(prepared?.frames).toBe(assembled.length / 2);
    expect(prepared?.turnKeys).toEqual(
      project.segments.map((segment) => turnKey(project, segment, segment.take!)),
    );
    expect(prepared?.turnKeys[3]).toBe(`${project.segments[3]?.take?.hash}@-3.5|-250,0,0,0,0`);

    // Measured as the spool reads back, as every pass of the export reads it.
    const meter = new LoudnessMeter(48_000, 2);
    for (const record of records) meter.push(record.samples);
    expect(prepared?.loudness).toEqual(meter.result());
    await discardPrepared(prepared);
    expect(ownedTempFiles()).not.toContain(spoolPath);
  });

  it('gives an export byte-identical to one that reads the takes itself, and the spool is gone after', async () => {
    const dir = tempDir();
    const store = new TakeStore(path.join(dir, 'takes'));
    const project = await projectWithTakes(store);
    const options = wavExportOptions(-16);
    const spoolPath = path.join(dir, 'recorded', 'ep.spool.f32');
    const recorder = new EpisodeRecorder(withoutTakes(project), store, {
      sampleRate: 44_100,
      channels: 1,
      measure: true,
      bitDepth: 16,
      spoolPath,
    });
    for (const segment of project.segments) if (segment.take) recorder.offer(segment.id, segment.take);
    const prepared = await recorder.finish(project);
    expect(prepared).not.toBeNull();

    const viaRecording = await exportProject({
      project,
      store,
      basePath: outBase(dir, 'recorded'),
      options,
      ...(prepared ? { prepared } : {}),
    });
    const direct = await exportProject({ project, store, basePath: outBase(dir, 'direct'), options });
    expect(viaRecording.loudness.plan?.useLimiter).toBe(true);
    expect(viaRecording.loudness.plan?.passes).toBe(direct.loudness.plan?.passes);
    const recordedWav = fs.readFileSync(path.join(dir, 'recorded', 'ep.wav'));
    expect(recordedWav.length).toBeGreaterThan(44_100);
    expect(recordedWav.equals(fs.readFileSync(path.join(dir, 'direct', 'ep.wav')))).toBe(true);
    expect(fs.existsSync(spoolPath)).toBe(false);
    expect(fs.readdirSync(path.join(dir, 'direct')).filter((name) => name.includes('spool'))).toEqual([]);
  });

  it('is not used by an export of the project at other speaker levels (the export reads the takes)', async () => {
    const dir = tempDir();
    const store = new TakeStore(path.join(dir, 'takes'));
    const project = await projectWithTakes(store);
    const options = wavExportOptions(null);
    const spoolPath = path.join(dir, 'old-level', 'ep.spool.f32');
    const recorder = new EpisodeRecorder(withoutTakes(project), store, {
      sampleRate: 44_100,
      channels: 1,
      measure: false,
      bitDepth: 16,
      spoolPath,
    });
    for (const segment of project.segments) if (segment.take) recorder.offer(segment.id, segment.take);
    const prepared = await recorder.finish(project);
    expect(prepared).not.toBeNull();

    const quieter = withLevel(project, -6);
    await exportProject({
      project: quieter,
      store,
      basePath: outBase(dir, 'old-level'),
      options,
      ...(prepared ? { prepared } : {}),
    });
    await exportProject({ project: quieter, store, basePath: outBase(dir, 'direct'), options });
    const viaOld = fs.readFileSync(path.join(dir, 'old-level', 'ep.wav'));
    expect(viaOld.equals(fs.readFileSync(path.join(dir, 'direct', 'ep.wav')))).toBe(true);
    expect(fs.existsSync(spoolPath)).toBe(false);
  });

  it('hands nothing over (and deletes its spool) when a turn is missing or the takes changed', async () => {
    const dir = tempDir();
    const store = new TakeStore(path.join(dir, 'takes'));
    const project = await projectWithTakes(store);
    const options = { sampleRate: 44_100, channels: 1 as const, measure: false, bitDepth: 16 as const };

    const partialSpool = path.join(dir, 'partial.f32');
    const partial = new EpisodeRecorder(withoutTakes(project), store, {
      ...options,
      spoolPath: partialSpool,
    });
    for (const segment of project.segments.slice(0, 3))
      if (segment.take) partial.offer(segment.id, segment.take);
    expect(await partial.finish(project)).toBeNull();
    expect(fs.existsSync(partialSpool)).toBe(false);

    const changedSpool = path.join(dir, 'changed.f32');
    const changed = new EpisodeRecorder(withoutTakes(project), store, {
      ...options,
      spoolPath: changedSpool,
    });
    for (const segment of project.segments) if (segment.take) changed.offer(segment.id, segment.take);
    const [first, second] = project.segments;
    const swapped = {
      ...project,
      segments: [second, first, ...project.segments.slice(2)].filter((s) => !!s),
    };
    expect(await changed.finish(swapped)).toBeNull();
    expect(fs.existsSync(changedSpool)).toBe(false);

    // A speaker's level changed while the turns rendered: the recording has the old level.
    const levelSpool = path.join(dir, 'level.f32');
    const level = new EpisodeRecorder(withoutTakes(project), store, { ...options, spoolPath: levelSpool });
    for (const segment of project.segments) if (segment.take) level.offer(segment.id, segment.take);
    expect(await level.finish(withLevel(project, 2))).toBeNull();
    expect(fs.existsSync(levelSpool)).toBe(false);
  });

  it('keeps the failure and cleans up when a take cannot be read', async () => {
    const dir = tempDir();
    const store = new TakeStore(path.join(dir, 'takes'));
    const project = await projectWithTakes(store);
    const spoolPath = path.join(dir, 'broken.f32');
    const recorder = new EpisodeRecorder(withoutTakes(project), store, {
      sampleRate: 44_100,
      channels: 1,
      measure: true,
      bitDepth: 16,
      spoolPath,
    });
    const [first, ...rest] = project.segments;
    if (first?.take)
      recorder.offer(first.id, { ...first.take, durationSamples: first.take.durationSamples + 1 });
    for (const segment of rest) if (segment.take) recorder.offer(segment.id, segment.take);
    expect(await recorder.finish(project)).toBeNull();
    expect(fs.existsSync(spoolPath)).toBe(false);
  });

  it('reports a recording thread that cannot write its spool as no recording, not as a crash', async () => {
    const dir = tempDir();
    const store = new TakeStore(path.join(dir, 'takes'));
    const project = await projectWithTakes(store);
    const blocker = path.join(dir, 'not-a-folder');
    fs.writeFileSync(blocker, 'x');
    const recorder = new EpisodeRecorder(withoutTakes(project), store, {
      sampleRate: 44_100,
      channels: 1,
      measure: true,
      bitDepth: 16,
      spoolPath: path.join(blocker, 'ep.spool.f32'),
    });
    for (const segment of project.segments) if (segment.take) recorder.offer(segment.id, segment.take);
    expect(await recorder.finish(project)).toBeNull();
    expect(fs.readFileSync(blocker, 'utf8')).toBe('x');
    // Nothing is left to clean up at exit (a spool path through a file was kept registered).
    expect(ownedTempFiles().filter((file) => file.startsWith(dir))).toEqual([]);
  });
});
