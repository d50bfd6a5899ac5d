import { describe, expect, it } from 'vitest';
import type { RenderProgress, StudioApi } from '../../../shared/api/studio-api';
import { createFakeApi } from '../dev/fake-api';
import { setPronunciations, setSegmentLocked, setSegmentText } from './document-edits';
import { createDocumentStore, selectProject } from './document-store';
import { RenderController } from './render-controller';
import { createRenderStore, summariseProgress, turnStatus } from './render-store';
import { segmentSignature } from './take-index';
import { sampleProject, take } from './test-fixtures';
import type { UserError } from './user-error';
import { pollUntil } from '../../../test-support/poll';

function setup(api: StudioApi = createFakeApi({ renderDelayMs: 2 })) {
  const documents = createDocumentStore();
  const renders = createRenderStore();
  const errors: UserError[] = [];
  const controller = new RenderController({ api, documents, renders, onError: (e) => errors.push(e) });
  documents.getState().load('/p', sampleProject());
  const statuses = () => {
    const state = documents.getState();
    const project = selectProject(state)!;
    return project.segments.map((s) =>
      turnStatus(s, segmentSignature(project, s), renders.getState().bySegment[s.id], state.takeIndex),
    );
  };
  return { documents, renders, controller, errors, statuses };
}

describe('render controller', () => {
  it('render all renders unrendered and stale turns, skips locked ones, and reports progress', async () => {
    const { documents, renders, controller, statuses } = setup();
    documents.getState().edit((p) => setSegmentLocked(p, 's1', true));
    documents.getState().edit((p, i) => setSegmentText(p, 's2', 'Hi there, Ada.', i));
    expect(controller.pendingSegmentIds()).toEqual(['s2', 's3']);
    expect(await controller.renderAll()).toBe(2);
    expect(statuses()).toEqual(['done', 'queued', 'queued']);
    await pollUntil(() => summariseProgress(renders.getState().jobs).active === false, 'the job to finish');
    expect(statuses()).toEqual(['done', 'done', 'done']);
    expect(summariseProgress(renders.getState().jobs)).toEqual({
      doneCount: 2,
      totalCount: 2,
      active: false,
    });
    const s2 = selectProject(documents.getState())!.segments[1]!;
    expect(s2.take).toBeDefined();
    expect(s2.takeHistory.map((t) => t.hash)).toEqual([take('bb02').hash]);
    expect(controller.pendingSegmentIds()).toEqual([]);
  });

  it('a take rendered for text that has since changed is not attached to the turn', async () => {
    const { documents, renders, controller, statuses } = setup();
    await controller.renderSegments(['s3'], { force: false });
    documents.getState().edit((p, i) => setSegmentText(p, 's3', 'Edited while rendering.', i));
    await pollUntil(() => summariseProgress(renders.getState().jobs).active === false, 'the job to finish');
    expect(selectProject(documents.getState())!.segments[2]!.take).toBeUndefined();
    expect(statuses()[2]).toBe('unrendered');
    // Undo brings back the text the take was made for, and with it the take.
    documents.getState().undo();
    expect(selectProject(documents.getState())!.segments[2]!.take).toBeDefined();
  });

  it('holds progress that arrives before renderTakes answers and replays it', async () => {
    const fake = createFakeApi();
    const early: RenderProgress[] = [];
    const api: StudioApi = {
      ...fake,
      async renderTakes(input) {
        const { jobId } = await fake.renderTakes(input);
        // Let the fake's progress events fire before the job id reaches the controller.
        await new Promise((r) => setTimeout(r, 20));
        return { jobId };
      },
      onRenderProgress: (listener) =>
        fake.onRenderProgress((p) => {
          early.push(p);
          listener(p);
        }),
    };
    const { controller, statuses } = setup(api);
    await controller.renderSegments(['s3'], { force: false });
    expect(early.some((p) => p.status === 'done')).toBe(true);
    expect(statuses()[2]).toBe('done');
  });

  it('a failed request marks the turns failed and reports what to do', async () => {
    const api = createFakeApi({
      failures: { renderTakes: { code: 'engine', message: 'No engine.', hint: 'Install one.' } },
    });
    const { controller, statuses, errors } = setup(api);
    expect(await controller.renderSegments(['s3'], { force: false })).toBeNull();
    expect(statuses()[2]).toBe('failed');
    expect(errors[0]).toMatchObject({ message: 'No engine.', hint: 'Install one.' });
  });

  it('sends the spoken text, and the take it gets back is fresh for the written words', async () => {
    const api = createFakeApi({ renderDelayMs: 2 });
    const { documents, renders, controller, statuses } = setup(api);
    documents.getState().edit((p, i) => setPronunciations(p, [{ word: 'Ada', sayAs: 'Ay da' }], i));
    // s2 was rendered before the list changed how it is said: out of date; s3 was never rendered.
    expect(statuses()).toEqual(['done', 'stale', 'unrendered']);
    expect(controller.pendingSegmentIds()).toEqual(['s2', 's3']);
    await controller.renderAll();
    const sent = api.calls.find((c) => c.method === 'renderTakes')?.input as {
      requests: Array<{ segmentId: string; text: string }>;
    };
    expect(sent.requests.map((r) => [r.segmentId, r.text])).toEqual([
      ['s2', 'Hi, Ay da.'],
      ['s3', 'Shall we begin?'],
    ]);
    await pollUntil(() => summariseProgress(renders.getState().jobs).active === false, 'the job to finish');
    expect(statuses()).toEqual(['done', 'done', 'done']);
    const s2 = selectProject(documents.getState())!.segments[1]!;
    expect(s2.text).toBe('Hi, Ada.');
    // The take remembers the written words (restoring it brings them back).
    expect(documents.getState().takeIndex.originByHash[s2.take!.hash]?.text).toBe('Hi, Ada.');
    expect(controller.pendingSegmentIds()).toEqual([]);
  });

  it('renders a one-off audition and resolves with its take', async () => {
    const { controller } = setup();
    const result = await controller.renderOnce('audition-a', 'Hello, I am Ada.', {
      engine: 'espeak',
      voice: 'en',
      params: { ratePercent: 100, pitchSemitones: 0 },
    });
    expect(result.durationSamples).toBeGreaterThan(0);
  });
});
