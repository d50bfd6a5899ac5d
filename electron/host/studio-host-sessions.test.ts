/**
 * Project sessions through the StudioApi handlers: a project reopened in the same host (a reloaded page, a
 * second tab, a close the host never heard of) offers its newest autosave back instead of showing the
 * older project.json as saved; closeProject ends the session cleanly.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scriptToProject } from '../../shared/model/from-script';
import type { Project } from '../../shared/model/project';
import { ExportOptionsSchema } from '../../shared/api/studio-api';
import { parseScript } from '../../shared/script/parser';
import { createStudioHost } from './studio-host';
import type { StudioHost } from './studio-host-types';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-sessions-'));
let host: StudioHost;

beforeAll(async () => {
  host = await createStudioHost({
    mode: 'serve',
    dataDir,
    env: { ROUNDTABLE_FAULTS: '' },
    takeUrl: (dir, hash) => `/take/${hash}?dir=${encodeURIComponent(dir)}`,
  });
});
afterAll(async () => {
  await host.dispose();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

let counter = 0;
async function createProject(): Promise<{ dir: string; project: Project }> {
  const title = `Sessions ${++counter}`;
  const { project } = scriptToProject(parseScript('Host: The first line.\nGuest: The second line.\n'), {
    title,
  });
  const created = await host.handlers.createProject({ title, project });
  return { dir: created.dir, project: created.project };
}

function edited(project: Project, text: string): Project {
  const [first, ...rest] = project.segments;
  return { ...project, segments: [{ ...first!, text }, ...rest] };
}

const autosaveFile = (dir: string) => path.join(dir, 'autosave', 'project.autosave.json');
const lockFile = (dir: string) => path.join(dir, 'autosave', 'session.lock');

describe('project sessions in one host', () => {
  it('reopening a project that is still open offers its unsaved edits back', async () => {
    const { dir, project } = await createProject();
    await host.handlers.autosaveProject({ dir, project: edited(project, 'Edited, not saved.') });

    const reopened = await host.handlers.openProject({ dir });
    expect(reopened.project.segments[0]!.text).toBe('The first line.'); // project.json as saved
    expect(reopened.recovered?.segments[0]!.text).toBe('Edited, not saved.');
    expect(reopened.recoveredAtMs).toBeGreaterThan(0);
    // Said once, as a reminder that two open copies overwrite each other (the old warning text is gone).
    expect(reopened.warnings.map((w) => w.message)).toEqual([
      expect.stringContaining('was already open here'),
    ]);
    // The new session holds the lock; its own edits autosave as before.
    expect(fs.existsSync(lockFile(dir))).toBe(true);
    await host.handlers.autosaveProject({ dir, project: edited(project, 'Edited again.') });
    const again = await host.handlers.openProject({ dir });
    expect(again.recovered?.segments[0]!.text).toBe('Edited again.');
  });

  it('closeProject removes the autosave and the lock: the next open is clean', async () => {
    const { dir, project } = await createProject();
    await host.handlers.autosaveProject({ dir, project: edited(project, 'Dropped on purpose.') });
    await host.handlers.closeProject({ dir });
    expect(fs.existsSync(autosaveFile(dir))).toBe(false);
    expect(fs.existsSync(lockFile(dir))).toBe(false);

    const reopened = await host.handlers.openProject({ dir });
    expect(reopened.recovered).toBeUndefined();
    expect(reopened.warnings).toEqual([]);
    expect(reopened.project.segments[0]!.text).toBe('The first line.');
  });

  it('save then close keeps the edits in project.json', async () => {
    const { dir, project } = await createProject();
    const changed = edited(project, 'Saved before closing.');
    await host.handlers.autosaveProject({ dir, project: changed });
    await host.handlers.saveProject({ dir, project: changed });
    await host.handlers.closeProject({ dir });
    const reopened = await host.handlers.openProject({ dir });
    expect(reopened.project.segments[0]!.text).toBe('Saved before closing.');
    expect(reopened.recovered).toBeUndefined();
  });

  it('closing a project that is not open is harmless', async () => {
    const { dir } = await createProject();
    await host.handlers.closeProject({ dir });
    await expect(host.handlers.closeProject({ dir })).resolves.toEqual({ ok: true });
  });
});

describe('folders that are not projects of this session', () => {
  it('are never written: save, autosave, render and export are refused, and nothing is created', async () => {
    const { project } = await createProject();
    const stranger = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-stranger-'));
    try {
      const notes = path.join(stranger, 'notes.txt');
      fs.writeFileSync(notes, 'mine');
      const deep = path.join(stranger, 'a', 'b');
      for (const dir of [stranger, deep]) {
        await expect(host.handlers.saveProject({ dir, project })).rejects.toMatchObject({
          code: 'project-not-open',
        });
        await expect(host.handlers.autosaveProject({ dir, project })).rejects.toMatchObject({
          code: 'project-not-open',
        });
        await expect(
          host.handlers.startExport({ dir, project, options: ExportOptionsSchema.parse({}) }),
        ).rejects.toMatchObject({ code: 'project-not-open' });
      }
      expect(fs.readdirSync(stranger)).toEqual(['notes.txt']);
    } finally {
      fs.rmSync(stranger, { recursive: true, force: true });
    }
  });

  it("refuses an export that would overwrite the project's own files (exports/ linked to the project)", async () => {
    const { dir, project } = await createProject();
    fs.rmSync(path.join(dir, 'exports'), { recursive: true });
    fs.symlinkSync(dir, path.join(dir, 'exports'), 'dir');
    const take = { hash: 'a'.repeat(16), durationSamples: 24_000, sampleRate: 24_000, createdAtMs: 1 };
    const rendered = { ...project, segments: project.segments.map((segment) => ({ ...segment, take })) };
    const before = fs.readFileSync(path.join(dir, 'project.json'), 'utf8');
    await expect(
      host.handlers.startExport({
        dir,
        project: rendered,
        options: ExportOptionsSchema.parse({ baseName: 'project' }),
      }),
    ).rejects.toMatchObject({
      code: 'output-conflict',
      message: expect.stringContaining(
        `it would overwrite the project file ${path.join(dir, 'project.json')}`,
      ),
    });
    expect(fs.readFileSync(path.join(dir, 'project.json'), 'utf8')).toBe(before);
  });

  it('refuses relative folders with a message saying to give the full path', async () => {
    const { project } = await createProject();
    const cwdBefore = fs.readdirSync(process.cwd());
    for (const call of [
      () => host.handlers.openProject({ dir: 'my-show' }),
      () => host.handlers.createProject({ title: 'Relative', dir: 'my-show', project }),
      () => host.handlers.saveProject({ dir: 'my-show', project }),
      () => host.handlers.autosaveProject({ dir: './my-show', project }),
      () => host.handlers.getPeaks({ dir: 'my-show', hash: 'a'.repeat(16) }),
      () => host.handlers.getTakeUrl({ dir: 'my-show', hash: 'a'.repeat(16) }),
      () => host.handlers.findCachedTakes({ dir: 'my-show', requests: [] }),
    ])
      await expect(call()).rejects.toMatchObject({
        code: 'path-not-absolute',
        message: expect.stringContaining('is not a full path'),
      });
    expect(fs.readdirSync(process.cwd())).toEqual(cwdBefore);
  });

  it('creates a project folder only where its parent folder exists', async () => {
    const { project } = await createProject();
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-parent-'));
    try {
      await expect(
        host.handlers.createProject({ title: 'Deep', dir: path.join(parent, 'x', 'y', 'Show'), project }),
      ).rejects.toMatchObject({ code: 'project-parent-missing' });
      expect(fs.readdirSync(parent)).toEqual([]);
      const created = await host.handlers.createProject({
        title: 'One level',
        dir: path.join(parent, 'Show'),
        project,
      });
      // A project created in this session may be written.
      await expect(
        host.handlers.saveProject({ dir: created.dir, project: created.project }),
      ).resolves.toEqual({ ok: true });
      await host.handlers.closeProject({ dir: created.dir });
    } finally {
      fs.rmSync(parent, { recursive: true, force: true });
    }
  });
});

describe('takes already in the cache', () => {
  it('are found by words and voice without rendering anything', async () => {
    const { dir, project } = await createProject();
    const [first, second] = project.segments;
    const voiceOf = (speakerId: string) => project.speakers.find((s) => s.id === speakerId)!.voice;
    const request = {
      segmentId: first!.id,
      text: first!.text,
      voice: voiceOf(first!.speakerId),
      force: false,
    };
    const done = new Promise<void>((resolve) => {
      const off = host.on('onRenderProgress', (progress) => {
        if (progress.segmentId === first!.id && progress.status === 'done') {
          off();
          resolve();
        }
      });
    });
    await host.handlers.renderTakes({ dir, requests: [request] });
    await done;

    const found = await host.handlers.findCachedTakes({
      dir,
      requests: [
        request,
        { segmentId: second!.id, text: second!.text, voice: voiceOf(second!.speakerId), force: false },
        { ...request, segmentId: 'same-words-other-turn' },
      ],
    });
    expect(found.map((f) => f.segmentId).sort()).toEqual([first!.id, 'same-words-other-turn'].sort());
    expect(found[0]!.take.durationSamples).toBeGreaterThan(0);
  }, 300_000);
});
