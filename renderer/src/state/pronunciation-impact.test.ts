import { describe, expect, it } from 'vitest';
import { setPronunciations, setSegmentLocked } from './document-edits';
import { pronunciationImpact } from './pronunciation-impact';
import { indexProjectTakes } from './take-index';
import { sampleProject, segment, take } from './test-fixtures';

describe('pronunciation impact', () => {
  const base = sampleProject();
  // s1 "Hello there." (done), s2 "Hi, Ada." (done), s3 "Shall we begin?" (no take), s4 locked.
  const project = setSegmentLocked(
    { ...base, segments: [...base.segments, segment('s4', 'b', 'Ada, there.', { take: take('dd04') })] },
    's4',
    true,
  );
  const index = indexProjectTakes(project);

  it('counts the turns said differently, those that render again and the locked ones', () => {
    expect(pronunciationImpact(project, [], index)).toEqual({ changed: 0, rerender: 0, locked: 0 });
    expect(pronunciationImpact(project, [{ word: 'SQL', sayAs: 'sequel' }], index)).toEqual({
      changed: 0,
      rerender: 0,
      locked: 0,
    });
    const entries = [
      { word: 'there', sayAs: 'thair' },
      { word: 'begin', sayAs: 'be gin' },
    ];
    // s1 renders again; s3 had no take (it renders anyway); s4 is locked and keeps its take.
    expect(pronunciationImpact(project, entries, index)).toEqual({ changed: 3, rerender: 1, locked: 1 });
    const applied = setPronunciations(project, entries, index);
    expect(applied.segments.filter((s) => !s.take).map((s) => s.id)).toEqual(['s1', 's3']);
  });

  it('a turn whose take for the new words is known does not render again', () => {
    const said = setPronunciations(project, [{ word: 'Ada', sayAs: 'Ay da' }], index);
    expect(pronunciationImpact(said, [], index)).toEqual({ changed: 2, rerender: 0, locked: 1 });
  });
});
