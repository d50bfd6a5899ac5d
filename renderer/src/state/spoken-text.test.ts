import { describe, expect, it } from 'vitest';
import { setPronunciations } from './document-edits';
import { spokenTextOf } from './spoken-text';
import { indexProjectTakes, segmentSignature } from './take-index';
import { sampleProject } from './test-fixtures';
import { turnStatuses } from './turn-statuses';

describe('spoken text and signatures', () => {
  it('a turn is said with the project’s pronunciations and keeps its written words', () => {
    const project = setPronunciations(
      sampleProject(),
      [{ word: 'ada', sayAs: 'Ay da' }],
      indexProjectTakes(sampleProject()),
    );
    const s2 = project.segments[1]!;
    expect(s2.text).toBe('Hi, Ada.');
    expect(spokenTextOf(project, s2)).toBe('Hi, Ay da.');
    expect(spokenTextOf(project, project.segments[0]!)).toBe('Hello there.');
  });

  it('signatures follow the list; a turn no entry changes keeps its signature, also when not NFC', () => {
    const base = sampleProject();
    // "café" with a combining accent: the list hands the engine NFC text, the signature is the same.
    const decomposed = 'Cafe\u0301 time.';
    const project = {
      ...base,
      segments: base.segments.map((s) => (s.id === 's3' ? { ...s, text: decomposed } : s)),
    };
    const listed = {
      ...project,
      settings: { ...project.settings, pronunciations: [{ word: 'Ada', sayAs: 'Ay da' }] },
    };
    const signatures = (p: typeof project) => p.segments.map((s) => segmentSignature(p, s));
    const [a1, a2, a3] = signatures(project);
    const [b1, b2, b3] = signatures(listed);
    expect(b1).toBe(a1);
    expect(b2).not.toBe(a2);
    expect(b3).toBe(a3);
  });

  it('turn statuses follow a changed list (the per-segment cache keys on the list too)', () => {
    const project = sampleProject();
    const index = indexProjectTakes(project);
    expect(turnStatuses(project, index, {})).toEqual(['done', 'done', 'unrendered']);
    // Same segment objects, another list: a locked turn whose words are said differently is stale.
    const locked = {
      ...project,
      segments: project.segments.map((s) => (s.id === 's2' ? { ...s, locked: true } : s)),
    };
    expect(turnStatuses(locked, index, {})).toEqual(['done', 'done', 'unrendered']);
    const listed = {
      ...locked,
      settings: { ...locked.settings, pronunciations: [{ word: 'Ada', sayAs: 'Ay da' }] },
    };
    expect(turnStatuses(listed, index, {})).toEqual(['done', 'stale', 'unrendered']);
    expect(turnStatuses(locked, index, {})).toEqual(['done', 'done', 'unrendered']);
  });
});
