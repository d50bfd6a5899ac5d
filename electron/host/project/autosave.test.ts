import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Project } from '../../../shared/model/project';
import { Autosaver } from './autosave';
import { ProjectInvalidError } from './project-errors';
import { projectLayout } from './project-layout';
import { ProjectStore } from './project-store';
import { makeProject, makeTempDir, removeTempDir } from './test-fixtures';
import { HANG_GUARD_MS } from '../../../test-support/hang-guard';

let root: string;
let dir: string;
let store: ProjectStore;
const autosavers: Autosaver[] = [];

beforeEach(async () => {
  root = await makeTempDir('rt-autosave-');
  dir = path.join(root, 'show');
  store = new ProjectStore();
  await store.createProject(dir, makeProject('base'));
});
afterEach(async () => {
  vi.useRealTimers();
  for (const autosaver of autosavers.splice(0)) autosaver.dispose();
  await removeTempDir(root);
});

async function start(options: Parameters<typeof Autosaver.start>[2] = {}): Promise<Autosaver> {
  const autosaver = await Autosaver.start(store, dir, options);
  autosavers.push(autosaver);
  return autosaver;
}

/** The base project plus one segment per edit made at each of `times` (ms). */
function withEdits(times: number[]): Project {
  const project = makeProject('base');
  for (const t of times) {
    project.segments.push({
      id: `edit-${t}`,
      speakerId: 'host',
      text: `edit at ${t} ms`,
      gapBeforeMs: 0,
      takeHistory: [],
      locked: false,
    });
  }
  return project;
}

const editTimesIn = (project: Project) =>
  project.segments.filter((s) => s.id.startsWith('edit-')).map((s) => Number(s.id.slice(5)));

const exists = (file: string) =>
  fs.stat(file).then(
    () => true,
    () => false,
  );

describe('Autosaver', () => {
  it('loses at most 2 s of continuous edits in a crash', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const writes: number[] = [];
    const autosaver = await start({ onWritten: ({ atMs }) => writes.push(atMs) });
    const t0 = Date.now();
    const times: number[] = [];
    for (let t = 0; t <= 5000; t += 100) {
      times.push(t);
      autosaver.update(withEdits(times));
      await vi.advanceTimersByTimeAsync(100);
      await autosaver.whenIdle();
    }
    const crashAt = Date.now() - t0; // 5100 ms
    autosaver.dispose(); // the process dies: no flush, no markClean; the lock stays behind

    const opened = await store.openProject(dir);
    expect(opened.project).toEqual(makeProject('base'));
    expect(opened.recovered).toBeDefined();
    const recoveredTimes = editTimesIn(opened.recovered!.project);
    const mustHave = times.filter((t) => t <= crashAt - 2000);
    expect(mustHave.length).toBeGreaterThan(25);
    for (const t of mustHave) expect(recoveredTimes).toContain(t);
    // Continuous typing is saved by the 2 s max-wait, not after every keystroke.
    expect(writes.map((at) => at - t0)).toEqual([2000, 4000]);
  });

  it('writes soon after edits pause (debounce) and never later than the max wait', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const writes: number[] = [];
    const autosaver = await start({ debounceMs: 750, onWritten: ({ atMs }) => writes.push(atMs) });
    const t0 = Date.now();
    autosaver.update(withEdits([0]));
    await vi.advanceTimersByTimeAsync(749);
    expect(writes).toEqual([]);
    expect(autosaver.hasPendingChanges).toBe(true);
    await vi.advanceTimersByTimeAsync(1);
    await autosaver.whenIdle();
    expect(writes.map((at) => at - t0)).toEqual([750]);
    expect(autosaver.hasPendingChanges).toBe(false);
    const text = await fs.readFile(projectLayout(dir).autosaveFile, 'utf8');
    expect(editTimesIn(JSON.parse(text) as Project)).toEqual([0]);
  });

  it('writes for real within the max wait, and markClean removes the autosave and the lock', async () => {
    const layout = projectLayout(dir);
    const autosaver = await start({ debounceMs: 50, maxWaitMs: 100 });
    const lock = JSON.parse(await fs.readFile(layout.sessionLockFile, 'utf8'));
    expect(lock).toMatchObject({ pid: process.pid, hostname: os.hostname() });
    autosaver.update(withEdits([1]));
    await vi.waitFor(() => expect(exists(layout.autosaveFile)).resolves.toBe(true), {
      timeout: HANG_GUARD_MS,
    });
    await autosaver.markClean();
    expect(await exists(layout.autosaveFile)).toBe(false);
    expect(await exists(layout.sessionLockFile)).toBe(false);
    const opened = await store.openProject(dir);
    expect(opened.recovered).toBeUndefined();
    expect(opened.warnings).toEqual([]);
  });

  it('flush writes at once; an explicit save clears the autosave', async () => {
    const layout = projectLayout(dir);
    const autosaver = await start();
    autosaver.update(withEdits([5]));
    await autosaver.flush();
    expect(await exists(layout.autosaveFile)).toBe(true);
    await store.saveProject(dir, withEdits([5]));
    expect(await exists(layout.autosaveFile)).toBe(false);
    // Autosaving the state that is already saved writes nothing.
    autosaver.update(withEdits([5]));
    await autosaver.flush();
    expect(await exists(layout.autosaveFile)).toBe(false);
    autosaver.dispose();
    expect((await store.openProject(dir)).recovered).toBeUndefined();
  });

  it('offers the autosave when there is no lock at all, with its time', async () => {
    await store.writeAutosave(dir, withEdits([7]));
    const opened = await store.openProject(dir);
    expect(opened.recovered?.file).toBe(projectLayout(dir).autosaveFile);
    expect(editTimesIn(opened.recovered!.project)).toEqual([7]);
    expect(Math.abs(opened.recovered!.savedAtMs - Date.now())).toBeLessThan(60_000);
    await store.discardAutosave(dir);
    expect((await store.openProject(dir)).recovered).toBeUndefined();
  });

  it('does not offer the autosave while another live process holds the lock', async () => {
    const layout = projectLayout(dir);
    await store.writeAutosave(dir, withEdits([9]));
    const lock = { pid: process.ppid, hostname: os.hostname(), sessionId: 'other', startedAtMs: Date.now() };
    await fs.writeFile(layout.sessionLockFile, JSON.stringify(lock));
    const opened = await store.openProject(dir);
    expect(opened.recovered).toBeUndefined();
    expect(opened.warnings).toEqual([expect.objectContaining({ code: 'in-use' })]);
  });

  it('starts in an older project folder that has no autosave/ folder yet', async () => {
    await fs.rm(projectLayout(dir).autosaveDir, { recursive: true });
    const autosaver = await start();
    autosaver.update(withEdits([4]));
    await autosaver.flush();
    expect(await exists(projectLayout(dir).autosaveFile)).toBe(true);
  });

  it('does not offer the autosave of a session still open in this process', async () => {
    const autosaver = await start();
    autosaver.update(withEdits([3]));
    await autosaver.flush();
    const again = await store.openProject(dir);
    expect(again.recovered).toBeUndefined();
    expect(again.warnings).toEqual([
      { code: 'in-use', message: expect.stringMatching(/already open in this/) },
    ]);
    autosaver.dispose();
    expect((await store.openProject(dir)).recovered).toBeDefined();
  });

  it('reports write failures and clears its timers on dispose', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const errors: unknown[] = [];
    const autosaver = await start({ onError: (error) => errors.push(error) });
    const bad = withEdits([1]);
    bad.segments[0]!.speakerId = 'ghost';
    autosaver.update(bad);
    await vi.advanceTimersByTimeAsync(2000);
    await autosaver.whenIdle();
    expect(errors).toEqual([expect.any(ProjectInvalidError)]);
    expect(vi.getTimerCount()).toBe(0);

    autosaver.update(withEdits([2]));
    expect(vi.getTimerCount()).toBe(2);
    autosaver.dispose();
    expect(vi.getTimerCount()).toBe(0);
    autosaver.update(withEdits([3]));
    expect(vi.getTimerCount()).toBe(0);
    expect(await exists(projectLayout(dir).autosaveFile)).toBe(false);
  });
});
