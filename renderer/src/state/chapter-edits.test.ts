import { describe, expect, it } from 'vitest';
import { ProjectSchema } from '../../../shared/model/project';
import { chapterAt, removeChapterAt, setChapterAt } from './chapter-edits';
import { sampleProject } from './test-fixtures';

let n = 0;
const newId = () => `ch-new-${++n}`;

describe('chapter edits', () => {
  it('starts a chapter at a turn, renames it, removes it, and keeps the project valid', () => {
    const project = sampleProject();
    const turn = project.segments[1]!.id;
    expect(chapterAt(project, turn)).toBeUndefined();

    const started = setChapterAt(project, turn, '  The   middle part ', newId);
    expect(chapterAt(started, turn)).toMatchObject({ title: 'The middle part', startSegmentId: turn });
    expect(started.chapters).toHaveLength(project.chapters.length + 1);
    expect(ProjectSchema.safeParse(started).success).toBe(true);

    const renamed = setChapterAt(started, turn, 'Middle', newId);
    expect(renamed.chapters).toHaveLength(started.chapters.length);
    expect(chapterAt(renamed, turn)?.title).toBe('Middle');
    expect(chapterAt(renamed, turn)?.id).toBe(chapterAt(started, turn)?.id);

    const removed = removeChapterAt(renamed, turn);
    expect(removed.chapters).toEqual(project.chapters);
    expect(removeChapterAt(removed, turn)).toBe(removed);
  });

  it('changes nothing for a blank title, the same title, or a turn that is not there', () => {
    const project = sampleProject();
    const turn = project.segments[0]!.id;
    expect(setChapterAt(project, turn, '   ', newId)).toBe(project);
    expect(setChapterAt(project, 'no-such-turn', 'Title', newId)).toBe(project);
    const started = setChapterAt(project, turn, 'Title', newId);
    expect(setChapterAt(started, turn, 'Title ', newId)).toBe(started);
  });

  it('keeps titles within the schema limit', () => {
    const project = sampleProject();
    const long = setChapterAt(project, project.segments[0]!.id, 'x'.repeat(500), newId);
    expect(ProjectSchema.safeParse(long).success).toBe(true);
    expect(chapterAt(long, project.segments[0]!.id)?.title).toHaveLength(200);
  });
});
