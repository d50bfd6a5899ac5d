import { describe, expect, it } from 'vitest';
import {
  insertContent,
  deleteSegment,
  moveSegment,
  restoreTake,
  setSegmentGap,
  setSegmentLocked,
  setSegmentText,
  updateSpeaker,
} from './document-edits';
import { EMPTY_TAKE_INDEX, indexProjectTakes, isTakeStale, segmentSignature } from './take-index';
import { sampleProject, segment, take } from './test-fixtures';

describe('document edits', () => {
  it('editing text moves the take into history; white space only changes keep it', () => {
    const project = sampleProject();
    const index = indexProjectTakes(project);
    const spaced = setSegmentText(project, 's1', '  Hello   there. ', index);
    expect(spaced.segments[0]!.take?.hash).toBe(take('aa01').hash);
    const edited = setSegmentText(project, 's1', 'Hello, everyone.', index);
    expect(edited.segments[0]!.take).toBeUndefined();
    expect(edited.segments[0]!.takeHistory.map((t) => t.hash)).toEqual([take('aa01').hash]);
    expect(project.segments[0]!.take).toBeDefined(); // the input is not mutated
  });

  it('typing the old text back brings the take made for it back', () => {
    const project = sampleProject();
    const index = indexProjectTakes(project);
    const edited = setSegmentText(project, 's1', 'Hello, everyone.', index);
    const back = setSegmentText(edited, 's1', 'Hello there.', index);
    expect(back.segments[0]!.take?.hash).toBe(take('aa01').hash);
    expect(back.segments[0]!.takeHistory).toEqual([]);
  });

  it('refuses text edits on locked turns and empty text', () => {
    const project = setSegmentLocked(sampleProject(), 's1', true);
    expect(project.segments[0]!.locked).toBe(true);
    expect(setSegmentText(project, 's1', 'Changed', EMPTY_TAKE_INDEX)).toBe(project);
    expect(setSegmentText(project, 's2', '   ', EMPTY_TAKE_INDEX)).toBe(project);
    // A turn without a take cannot be locked.
    expect(setSegmentLocked(project, 's3', true)).toBe(project);
  });

  it('a new voice retires the takes of the speaker’s unlocked turns; locked takes stay and show as stale', () => {
    const base = setSegmentLocked(sampleProject(), 's1', true);
    const index = indexProjectTakes(base);
    const newVoice = { engine: 'espeak', voice: 'fr', params: { ratePercent: 100, pitchSemitones: 0 } };
    const project = updateSpeaker(
      { ...base, segments: [...base.segments, { ...base.segments[2]!, id: 's4', take: take('cc03') }] },
      'a',
      { voice: newVoice },
      index,
    );
    expect(project.segments.find((s) => s.id === 's1')!.take).toBeDefined();
    expect(project.segments.find((s) => s.id === 's4')!.take).toBeUndefined();
    expect(project.segments.find((s) => s.id === 's2')!.take).toBeDefined(); // other speaker untouched
    const s1 = project.segments[0]!;
    expect(isTakeStale(index, s1.take, segmentSignature(project, s1))).toBe(true);
    // Renaming alone touches no take.
    const renamed = updateSpeaker(project, 'b', { name: 'Bea' }, index);
    expect(renamed.segments).toBe(project.segments);
    expect(renamed.speakers[1]!.name).toBe('Bea');
  });

  it('restoring a take swaps it with the current one and brings back the text it was made from', () => {
    const project = sampleProject();
    const index = indexProjectTakes(project);
    const edited = setSegmentText(project, 's1', 'Different words.', index);
    const restored = restoreTake(edited, 's1', take('aa01').hash, index);
    expect(restored.segments[0]!.take?.hash).toBe(take('aa01').hash);
    expect(restored.segments[0]!.text).toBe('Hello there.');
  });

  it('moves turns and clamps gaps', () => {
    const project = sampleProject();
    expect(moveSegment(project, 0, 2).segments.map((s) => s.id)).toEqual(['s2', 's3', 's1']);
    expect(moveSegment(project, 2, 0).segments.map((s) => s.id)).toEqual(['s3', 's1', 's2']);
    expect(moveSegment(project, 1, 1)).toBe(project);
    expect(setSegmentGap(project, 's2', -50).segments[1]!.gapBeforeMs).toBe(0);
    expect(setSegmentGap(project, 's2', 1234.6).segments[1]!.gapBeforeMs).toBe(1235);
    expect(setSegmentGap(project, 's2', 1e9).segments[1]!.gapBeforeMs).toBe(600_000);
  });

  it('deleting the first turn of a chapter moves the chapter to the next turn', () => {
    const project = deleteSegment(sampleProject(), 's1');
    expect(project.segments.map((s) => s.id)).toEqual(['s2', 's3']);
    expect(project.chapters).toEqual([{ id: 'c1', title: 'Intro', startSegmentId: 's2' }]);
    const emptied = deleteSegment(deleteSegment(project, 's2'), 's3');
    expect(emptied.segments).toEqual([]);
    expect(emptied.chapters).toEqual([]);
  });
});

describe('insertContent', () => {
  const content = (ids: string[]) => ({
    speakers: [],
    segments: ids.map((id) => segment(id, 'a', `text ${id}`)),
    chapters: [{ id: 'c-new', title: 'New part', startSegmentId: ids[0]! }],
  });

  it("puts a script's turns after a given turn, or at the end", () => {
    const project = sampleProject();
    const ids = project.segments.map((s) => s.id);
    const after = insertContent(project, content(['n1', 'n2']), ids[0]!);
    expect(after.segments.map((s) => s.id)).toEqual([ids[0], 'n1', 'n2', ...ids.slice(1)]);
    expect(after.chapters.at(-1)).toEqual({ id: 'c-new', title: 'New part', startSegmentId: 'n1' });
    const atEnd = insertContent(project, content(['n1']), null);
    expect(atEnd.segments.map((s) => s.id)).toEqual([...ids, 'n1']);
    // A turn that is gone (deleted meanwhile) means the end, not nowhere.
    expect(insertContent(project, content(['n1']), 'gone').segments.at(-1)?.id).toBe('n1');
    expect(insertContent(project, { speakers: [], segments: [], chapters: [] }, ids[0]!)).toBe(project);
  });
});
