import { describe, expect, it } from 'vitest';
import { createFakeApi } from '../dev/fake-api';
import { Autosaver } from './autosaver';
import { createCatalogStore } from './catalog-store';
import { setSegmentText } from './document-edits';
import { createDocumentStore, selectDirty } from './document-store';
import { ProjectController } from './project-controller';
import { createRenderStore } from './render-store';
import { sampleProject } from './test-fixtures';
import { createUiStore } from './ui-store';

function setup(failures: Parameters<typeof createFakeApi>[0] = {}) {
  const api = createFakeApi(failures);
  const documents = createDocumentStore();
  const ui = createUiStore();
  const timers = new Map<number, () => void>();
  let next = 0;
  const autosaver = new Autosaver(documents, api, {
    setTimer: (run) => {
      timers.set(++next, run);
      return next;
    },
    clearTimer: (handle) => timers.delete(handle as number),
  });
  let cancelledRenders = 0;
  const projects = new ProjectController(
    api,
    documents,
    createRenderStore(),
    ui,
    createCatalogStore(),
    autosaver,
    (prefix) => `${prefix}-1`,
    async () => {
      cancelledRenders++;
    },
  );
  documents.getState().load('/p', sampleProject());
  ui.setState({ screen: 'editor' });
  const methods = () => api.calls.map((c) => c.method).filter((m) => m !== 'listRecentProjects');
  return { api, documents, ui, timers, projects, methods, cancelled: () => cancelledRenders };
}

describe('closing a project', () => {
  it('closes a saved project at once and ends the host session', async () => {
    const { projects, ui, documents, methods, cancelled } = setup();
    expect(await projects.close()).toBe(true);
    expect(ui.getState().screen).toBe('start');
    expect(documents.getState().dir).toBeNull();
    expect(methods()).toEqual(['closeProject']);
    expect(cancelled()).toBe(1);
  });

  it('asks before closing unsaved changes, and Cancel keeps everything open', async () => {
    const { projects, ui, documents, methods } = setup();
    documents.getState().edit((p, i) => setSegmentText(p, 's3', 'An edit not saved yet.', i));
    expect(await projects.close()).toBe(false);
    expect(ui.getState().dialog).toBe('close');
    expect(ui.getState().screen).toBe('editor');
    expect(methods()).toEqual([]);
  });

  it('Save and close writes project.json before ending the session', async () => {
    const { api, projects, documents, methods } = setup();
    documents.getState().edit((p, i) => setSegmentText(p, 's3', 'Keep this line.', i));
    expect(await projects.finishClose('save')).toBe(true);
    expect(methods()).toEqual(['saveProject', 'closeProject']);
    const saved = api.calls.find((c) => c.method === 'saveProject')!.input as {
      project: ReturnType<typeof sampleProject>;
    };
    expect(saved.project.segments.find((s) => s.id === 's3')!.text).toBe('Keep this line.');
  });

  it("Don't save ends the session without writing, and no autosave lands afterwards", async () => {
    const { projects, documents, timers, methods } = setup();
    documents.getState().edit((p, i) => setSegmentText(p, 's3', 'Throw this away.', i));
    expect(timers.size).toBe(1); // an autosave is scheduled
    expect(await projects.finishClose('discard')).toBe(true);
    for (const run of timers.values()) run();
    expect(methods()).toEqual(['closeProject']);
  });

  it('a failed save keeps the project open with its edits', async () => {
    const { projects, documents, ui, methods } = setup({
      failures: { saveProject: { code: 'io', message: 'Disk full.', hint: 'Free some space.' } },
    });
    documents.getState().edit((p, i) => setSegmentText(p, 's3', 'Do not lose me.', i));
    expect(await projects.finishClose('save')).toBe(false);
    expect(ui.getState().screen).toBe('editor');
    expect(selectDirty(documents.getState())).toBe(true);
    expect(methods()).toEqual(['saveProject']);
    expect(ui.getState().toasts.map((t) => t.message)).toContain('Disk full.');
  });
});

describe('opening a project', () => {
  it('gives turns without a take the take the cache already has for their words and voice', async () => {
    const { api, projects, documents } = setup();
    const project = sampleProject();
    // s3 has no take; the cache has one for its words and voice (rendered, then not saved).
    const { dir } = await api.createProject({ title: 'Cached', project });
    const s3 = project.segments.find((s) => s.id === 's3')!;
    const voice = project.speakers.find((s) => s.id === s3.speakerId)!.voice;
    await api.renderTakes({ dir, requests: [{ segmentId: 's3', text: s3.text, voice, force: false }] });
    await new Promise((resolve) => setTimeout(resolve, 20));

    expect(await projects.open(dir)).toBe(true);
    const opened = documents.getState().history!.present;
    expect(opened.segments.find((s) => s.id === 's3')?.take).toBeDefined();
    // Turns that had their take keep it; nothing was rendered for the open.
    expect(opened.segments.find((s) => s.id === 's1')?.take?.hash).toBe(
      project.segments.find((s) => s.id === 's1')?.take?.hash,
    );
    expect(api.calls.filter((c) => c.method === 'renderTakes')).toHaveLength(1);
    const asked = api.calls.find((c) => c.method === 'findCachedTakes')?.input as { requests: unknown[] };
    expect(asked.requests).toHaveLength(1);
  });

  it('looks turns up by their spoken text', async () => {
    const { api, projects, documents } = setup();
    const base = sampleProject();
    const project = {
      ...base,
      settings: { ...base.settings, pronunciations: [{ word: 'begin', sayAs: 'start' }] },
    };
    const { dir } = await api.createProject({ title: 'Said', project });
    const s3 = project.segments.find((s) => s.id === 's3')!;
    const voice = project.speakers.find((s) => s.id === s3.speakerId)!.voice;
    await api.renderTakes({
      dir,
      requests: [{ segmentId: 's3', text: 'Shall we start?', voice, force: false }],
    });
    await new Promise((resolve) => setTimeout(resolve, 20));

    expect(await projects.open(dir)).toBe(true);
    const asked = api.calls.find((c) => c.method === 'findCachedTakes')?.input as {
      requests: Array<{ text: string }>;
    };
    expect(asked.requests.map((r) => r.text)).toEqual(['Shall we start?']);
    const state = documents.getState();
    const opened = state.history!.present.segments.find((s) => s.id === 's3')!;
    expect(opened.take).toBeDefined();
    expect(opened.text).toBe('Shall we begin?');
    expect(state.takeIndex.originByHash[opened.take!.hash]?.text).toBe('Shall we begin?');
  });
});
