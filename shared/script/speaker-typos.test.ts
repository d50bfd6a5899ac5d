import { describe, expect, it } from 'vitest';
import { parseScript } from './parser';
import { editDistance, findSpeakerTypos, replaceSpeakerOnLine } from './speaker-typos';

function script(...lines: string[]): string {
  return lines.join('\n');
}

describe('editDistance', () => {
  it('counts a swap of neighbours as one edit (Damerau-Levenshtein)', () => {
    expect(editDistance('host', 'hots')).toBe(1);
    expect(editDistance('maya', 'mya')).toBe(1);
    expect(editDistance('maya', 'mayo')).toBe(1);
    expect(editDistance('jonathan', 'jonahtna')).toBe(2);
    expect(editDistance('abc', 'abc')).toBe(0);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('stops early past the limit', () => {
    expect(editDistance('alexander', 'host', 2)).toBe(3);
  });
});

describe('findSpeakerTypos', () => {
  const use = (name: string, ...lines: number[]) => ({ name, lines });

  it('flags a rare name one letter from an established speaker', () => {
    expect(findSpeakerTypos([use('Host', 1, 3, 5), use('Guest', 2, 4), use('Hots', 6)])).toEqual([
      { name: 'Hots', suggestion: 'Host', lines: [6] },
    ]);
  });

  it('flags a missing space, a hyphen and case as the same name', () => {
    expect(findSpeakerTypos([use('Speaker 1', 1, 2, 3), use('Speaker1', 4)])).toEqual([
      { name: 'Speaker1', suggestion: 'Speaker 1', lines: [4] },
    ]);
    expect(findSpeakerTypos([use('Co-Host', 1, 2), use('Cohost', 3)])[0]?.suggestion).toBe('Co-Host');
  });

  it('allows two edits only for long names', () => {
    expect(findSpeakerTypos([use('Alexandra', 1, 2), use('Alexnadar', 3)])[0]?.suggestion).toBe('Alexandra');
    expect(findSpeakerTypos([use('Maya', 1, 2), use('Mxyz', 3)])).toEqual([]);
    expect(findSpeakerTypos([use('Maya', 1, 2), use('Mauy', 3)])).toEqual([]);
    expect(findSpeakerTypos([use('Maya', 1, 2), use('Myaa', 3)])[0]?.suggestion).toBe('Maya');
  });

  it('never flags numbered speakers, short names or names used often', () => {
    expect(findSpeakerTypos([use('Speaker 1', 1, 2), use('Speaker 2', 3)])).toEqual([]);
    expect(findSpeakerTypos([use('Dan', 1, 2), use('Jan', 3)])).toEqual([]);
    expect(findSpeakerTypos([use('Host', 1, 2), use('Ghost', 3)])).toEqual([]);
    expect(findSpeakerTypos([use('Anna', 1, 2, 3, 4), use('Anne', 5, 6, 7)])).toEqual([]);
  });

  it('with equal counts, the earlier name is the established one', () => {
    expect(findSpeakerTypos([use('Host', 1), use('Hots', 2)])).toEqual([
      { name: 'Hots', suggestion: 'Host', lines: [2] },
    ]);
  });
});

describe('parseScript: mistyped speakers', () => {
  it('warns at the line of a mistyped name with "did you mean" and a suggestion to apply', () => {
    const parsed = parseScript(script('Host: Welcome.', 'Guest: Thanks.', 'Host: So.', 'Hots: hello'));
    expect(parsed.speakers).toEqual(['Host', 'Guest', 'Hots']);
    expect(parsed.diagnostics).toEqual([
      {
        line: 4,
        severity: 'warning',
        message: 'speaker "Hots" appears only here and is close to Host: did you mean Host?',
        fix: 'write `Host:` if Host says this; if Hots is someone else, keep the name',
        excerpt: 'Hots: hello',
        speakerSuggestion: { written: 'Hots', suggested: 'Host' },
      },
    ]);
  });

  it('warns in JSON scripts too', () => {
    const parsed = parseScript(
      '[{"speaker": "Maya", "text": "a"},\n {"speaker": "Maya", "text": "b"},\n {"speaker": "Mya", "text": "c"}]',
    );
    expect(parsed.diagnostics.map((d) => [d.line, d.speakerSuggestion])).toEqual([
      [3, { written: 'Mya', suggested: 'Maya' }],
    ]);
  });

  it("checks the names of a script added to a project against the project's speakers", () => {
    const known = [
      { name: 'Host', turns: 12 },
      { name: 'Guest', turns: 9 },
    ];
    const parsed = parseScript(script('host: Back again.', 'Gust: Yes.'), { knownSpeakers: known });
    expect(parsed.diagnostics.map((d) => [d.line, d.speakerSuggestion])).toEqual([
      [2, { written: 'Gust', suggested: 'Guest' }],
    ]);
    expect(parseScript('Hots: a', { knownSpeakers: known }).diagnostics[0]?.message).toBe(
      'speaker "Hots" appears only here and is close to Host: did you mean Host?',
    );
  });

  it('says nothing about distinct names', () => {
    const parsed = parseScript(script('Speaker 1: a', 'Speaker 2: b', 'Host: c', 'Guest: d', 'Ghost: e'));
    expect(parsed.diagnostics).toEqual([]);
  });
});

describe('replaceSpeakerOnLine', () => {
  it('replaces the name on that line only, in any case', () => {
    const text = script('Hots: a', 'Host: b', 'hots: c');
    expect(replaceSpeakerOnLine(text, 3, 'Hots', 'Host')).toBe(script('Hots: a', 'Host: b', 'Host: c'));
    expect(replaceSpeakerOnLine(text, 2, 'Hots', 'Host')).toBe(text);
    expect(replaceSpeakerOnLine(text, 9, 'Hots', 'Host')).toBe(text);
  });
});
