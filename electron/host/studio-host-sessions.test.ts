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
  }, 60_000);
});
