import { describe, expect, it } from 'vitest';
import { setSegmentText } from './document-edits';
import {
  createDocumentStore,
  selectCanRedo,
  selectCanUndo,
  selectDirty,
  selectProject,
} from './document-store';
import { segmentSignature } from './take-index';
import { sampleProject, take } from './test-fixtures';

describe('document store', () => {
  it('records edits for undo and redo and tracks the dirty flag against the saved project', () => {
    let clock = 0;
    const store = createDocumentStore(() => clock);
    const project = sampleProject();
    store.getState().load('/p', project);
    expect(selectDirty(store.getState())).toBe(false);
    expect(store.getState().edit((p, i) => setSegmentText(p, 's3', 'Shall we?', i), 'text:s3')).toBe(true);
    clock += 100;
    store.getState().edit((p, i) => setSegmentText(p, 's3', 'Shall we go?', i), 'text:s3');
    expect(selectDirty(store.getState())).toBe(true);
    expect(store.getState().history!.past).toHaveLength(1); // typing coalesced
    expect(store.getState().undo()).toBe(true);
    expect(selectProject(store.getState())).toBe(project);
    expect(selectDirty(store.getState())).toBe(false);
    expect(selectCanRedo(store.getState())).toBe(true);
    store.getState().redo();
    expect(selectProject(store.getState())!.segments[2]!.text).toBe('Shall we go?');
    // A no-op edit records nothing.
    expect(store.getState().edit((p) => p)).toBe(false);
  });

  it('a finished take reaches every snapshot that still has its text, so undo and redo keep the audio', () => {
    const store = createDocumentStore(() => 0);
    store.getState().load('/p', sampleProject());
    store.getState().edit((p, i) => setSegmentText(p, 's1', 'New words.', i));
    const edited = selectProject(store.getState())!;
    const signature = segmentSignature(edited, edited.segments[0]!)!;
    store.getState().undo();
    expect(selectCanUndo(store.getState())).toBe(false);
    // The render of "New words." finishes while the user is back on the old text.
    store.getState().applyRenderedTake('s1', signature, 'New words.', take('dd04'));
    expect(selectProject(store.getState())!.segments[0]!.take?.hash).toBe(take('aa01').hash);
    store.getState().redo();
    const redone = selectProject(store.getState())!.segments[0]!;
    expect(redone.text).toBe('New words.');
    expect(redone.take?.hash).toBe(take('dd04').hash);
    expect(store.getState().takeIndex.originByHash[take('dd04').hash]?.text).toBe('New words.');
  });
});
