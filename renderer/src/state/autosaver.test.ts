import { describe, expect, it } from 'vitest';
import { createFakeApi } from '../dev/fake-api';
import { AUTOSAVE_DELAY_MS, Autosaver } from './autosaver';
import { setSegmentGap, setSegmentText } from './document-edits';
import { createDocumentStore } from './document-store';
import { sampleProject } from './test-fixtures';

function manualTimers() {
  const timers = new Map<number, { run: () => void; ms: number }>();
  let next = 0;
  return {
    timers,
    setTimer: (run: () => void, ms: number) => {
      timers.set(++next, { run, ms });
      return next;
    },
    clearTimer: (handle: unknown) => timers.delete(handle as number),
    fire: () => {
      const due = [...timers.values()];
      timers.clear();
      for (const t of due) t.run();
    },
  };
}

describe('autosaver', () => {
  it('writes once, well within 2 s of the last of a burst of edits', async () => {
    expect(AUTOSAVE_DELAY_MS).toBeLessThanOrEqual(2000);
    const api = createFakeApi();
    const documents = createDocumentStore();
    const timers = manualTimers();
    const saved: number[] = [];
    const autosaver = new Autosaver(documents, api, { ...timers, onSaved: (at) => saved.push(at) });
    documents.getState().load('/p', sampleProject());
    expect(timers.timers.size).toBe(0); // opening is not an edit
    documents.getState().edit((p, i) => setSegmentText(p, 's3', 'Shall we start?', i));
    documents.getState().edit((p) => setSegmentGap(p, 's3', 900));
    expect(timers.timers.size).toBe(1);
    expect([...timers.timers.values()][0]!.ms).toBe(AUTOSAVE_DELAY_MS);
    timers.fire();
    await autosaver.flush();
    const writes = api.calls.filter((c) => c.method === 'autosaveProject');
    expect(writes).toHaveLength(1);
    const written = (writes[0]!.input as { project: ReturnType<typeof sampleProject> }).project;
    expect(written.segments[2]).toMatchObject({ text: 'Shall we start?', gapBeforeMs: 900 });
    expect(saved).toHaveLength(1);
    autosaver.dispose();
  });

  it('reports a failure once, not on every edit, and stops when disposed', async () => {
    const api = createFakeApi({
      failures: { autosaveProject: { code: 'io', message: 'Disk full.', hint: 'Free some space.' } },
    });
    const documents = createDocumentStore();
    const timers = manualTimers();
    const errors: string[] = [];
    const autosaver = new Autosaver(documents, api, { ...timers, onError: (e) => errors.push(e.message) });
    documents.getState().load('/p', sampleProject());
    for (const gap of [100, 200, 300]) {
      documents.getState().edit((p) => setSegmentGap(p, 's2', gap));
      timers.fire();
      await autosaver.flush();
    }
    expect(errors).toEqual(['Disk full.']);
    autosaver.dispose();
    documents.getState().edit((p) => setSegmentGap(p, 's2', 400));
    expect(timers.timers.size).toBe(0);
  });
});
