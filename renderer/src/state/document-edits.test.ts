import { describe, expect, it } from 'vitest';
import {
  mergeSpeaker,
  insertContent,
  deleteSegment,
  moveSegment,
  restoreTake,
  setSegmentGap,
  setPronunciations,
  setSegmentLocked,
  setSegmentText,
  updateSpeaker,
} from './document-edits';
import { chapterTitleAtIndex } from './chapter-edits';
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

  it('moving a turn keeps chapter starts where they were among the other turns', () => {
    const project = {
      ...sampleProject(),
      chapters: [
        { id: 'c1', title: 'Intro', startSegmentId: 's1' },
        { id: 'c2', title: 'Main', startSegmentId: 's2' },
      ],
    };
    // s2 starts "Main"; moved to the end, "Main" still starts after s1, now at s3, and s2 is in it.
    const moved = moveSegment(project, 1, 2);
    expect(moved.segments.map((s) => s.id)).toEqual(['s1', 's3', 's2']);
    expect(moved.chapters.map((c) => c.startSegmentId)).toEqual(['s1', 's3']);
    expect(chapterTitleAtIndex(moved, 2)).toBe('Main');
    // s3 moved up across "Main"'s start lands in "Intro"; the chapter still starts at s2.
    const up = moveSegment(project, 2, 1);
    expect(up.chapters.map((c) => c.startSegmentId)).toEqual(['s1', 's2']);
    expect(chapterTitleAtIndex(up, 1)).toBe('Intro');
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

describe('pronunciations', () => {
  const ADA = [{ word: 'Ada', sayAs: 'Ay da' }];

  it('retires the take of exactly the turns whose spoken text changes', () => {
    const project = sampleProject();
    const index = indexProjectTakes(project);
    const next = setPronunciations(project, ADA, index);
    expect(next.settings.pronunciations).toEqual(ADA);
    const [s1, s2, s3] = next.segments;
    // "Hi, Ada." is said differently now: its take goes into history and it shows as unrendered.
    expect(s2!.take).toBeUndefined();
    expect(s2!.takeHistory.map((t) => t.hash)).toEqual([take('bb02').hash]);
    // The other turns are the same objects: nothing about them changed.
    expect(s1).toBe(project.segments[0]);
    expect(s3).toBe(project.segments[2]);
    expect(isTakeStale(index, s1!.take, segmentSignature(next, s1!))).toBe(false);
  });

  it('a list that changes no turn keeps the segment list, and the same list changes nothing', () => {
    const project = sampleProject();
    const index = indexProjectTakes(project);
    const next = setPronunciations(project, [{ word: 'SQL', sayAs: 'sequel' }], index);
    expect(next).not.toBe(project);
    expect(next.segments).toBe(project.segments);
    expect(setPronunciations(next, [{ word: 'SQL', sayAs: 'sequel' }], index)).toBe(next);
  });

  it('locked turns keep their take, which then shows as stale', () => {
    const project = setSegmentLocked(sampleProject(), 's2', true);
    const index = indexProjectTakes(project);
    const next = setPronunciations(project, ADA, index);
    const s2 = next.segments[1]!;
    expect(s2.take?.hash).toBe(take('bb02').hash);
    expect(isTakeStale(index, s2.take, segmentSignature(next, s2))).toBe(true);
  });

  it('removing the entry again brings back the take made for the written words', () => {
    const project = sampleProject();
    const index = indexProjectTakes(project);
    const said = setPronunciations(project, ADA, index);
    const back = setPronunciations(said, [], index);
    expect(back.segments[1]!.take?.hash).toBe(take('bb02').hash);
    expect(back.segments[1]!.takeHistory).toEqual([]);
  });

  it('text, speaker and voice edits compare spoken texts', () => {
    const base = setPronunciations(sampleProject(), ADA, EMPTY_TAKE_INDEX);
    const project = {
      ...base,
      segments: [...base.segments, segment('s4', 'b', 'Ada.', { take: take('dd04') })],
    };
    const index = indexProjectTakes(project);
    // Case changes of a listed word say the same thing: the take stays.
    expect(setSegmentText(project, 's4', 'ADA.', index).segments[3]!.take?.hash).toBe(take('dd04').hash);
    expect(setSegmentText(project, 's4', 'Bo.', index).segments[3]!.take).toBeUndefined();
    // A take made for the spoken text is found again after a detour.
    const edited = setSegmentText(project, 's4', 'Bo.', index);
    expect(setSegmentText(edited, 's4', 'ada.', index).segments[3]!.take?.hash).toBe(take('dd04').hash);
    const voice = { engine: 'espeak', voice: 'fr', params: { ratePercent: 100, pitchSemitones: 0 } };
    expect(updateSpeaker(project, 'b', { voice }, index).segments[3]!.take).toBeUndefined();
  });

  it('merges a mistyped speaker into the one meant: its turns move, and it goes once it has none', () => {
    const project = sampleProject();
    const merged = mergeSpeaker(project, 'b', 'a', indexProjectTakes(project));
    expect(merged.segments.map((s) => s.speakerId)).toEqual(['a', 'a', 'a']);
    expect(merged.speakers.map((s) => s.id)).toEqual(['a']);
    // Its take was made with the other voice: it goes to the history.
    expect(merged.segments[1]!.take).toBeUndefined();
    // A locked turn stays with its speaker, and so does the speaker.
    const locked = setSegmentLocked(project, 's2', true);
    const kept = mergeSpeaker(locked, 'b', 'a', indexProjectTakes(locked));
    expect(kept.speakers.map((s) => s.id)).toEqual(['a', 'b']);
    expect(mergeSpeaker(project, 'b', 'zz', EMPTY_TAKE_INDEX)).toBe(project);
  });
});
