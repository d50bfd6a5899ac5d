import { describe, expect, it } from 'vitest';
import { readPronunciationList, writePronunciationList } from './pronunciation-list';

describe('pronunciation list files', () => {
  it('writes a list that reads back the same, as lines or (when a word needs it) as JSON', () => {
    const plain = [
      { word: 'SQL', sayAs: 'sequel' },
      { word: 'New Orleans', sayAs: 'New Or-lins' },
    ];
    const text = writePronunciationList(plain);
    expect(text).toBe(
      '# Roundtable Studio pronunciations: written = said as\nSQL = sequel\nNew Orleans = New Or-lins\n',
    );
    expect(readPronunciationList(text, 'list.txt')).toEqual({ ok: true, entries: plain });

    const awkward = [
      { word: 'a=b', sayAs: 'a equals b' },
      { word: '#tag', sayAs: 'hashtag' },
    ];
    const json = writePronunciationList(awkward);
    expect(json.startsWith('[')).toBe(true);
    expect(readPronunciationList(json, 'list.json')).toEqual({ ok: true, entries: awkward });
    expect(readPronunciationList(writePronunciationList([]), 'empty.txt')).toEqual({ ok: true, entries: [] });
  });

  it('names every problem with its line', () => {
    expect(readPronunciationList('SQL sequel\nok = fine\nSQL = squeal\n', 'p.txt')).toEqual({
      ok: false,
      problems: ['p.txt:1: "SQL sequel" is not `written = said as`'],
    });
    expect(readPronunciationList('SQL = sequel\n\nsql = squeal\n', 'p.txt')).toEqual({
      ok: false,
      problems: ['p.txt:3: "sql" is listed twice (entries 1 and 2); keep one'],
    });
  });
});
