import { describe, expect, it } from 'vitest';
import { parsePronunciations } from './pronunciation-file';

describe('parsePronunciations', () => {
  it('reads `written = said as` lines with comments and blank lines, and JSON arrays', () => {
    expect(parsePronunciations('# names\nSQL = sequel\n\r\nNguyen=win\n', 'p.txt')).toEqual([
      { word: 'SQL', sayAs: 'sequel' },
      { word: 'Nguyen', sayAs: 'win' },
    ]);
    expect(parsePronunciations('[{"word": "C++", "sayAs": "C plus plus"}]', 'p.json')).toEqual([
      { word: 'C++', sayAs: 'C plus plus' },
    ]);
  });

  it('names every line it cannot read, and the lines of duplicates', () => {
    expect(() => parsePronunciations('SQL sequel\nok = fine\n= nothing\n', 'p.txt')).toThrow(
      /2 problems:\n {2}p\.txt:1: "SQL sequel" is not `written = said as`\n {2}p\.txt:3: "= nothing"/,
    );
    expect(() => parsePronunciations('SQL = sequel\n\nsql = squeal\n', 'p.txt')).toThrow(
      /p\.txt:3: "sql" is listed twice \(entries 1 and 2\); keep one/,
    );
    expect(() => parsePronunciations('[{"word": "x"}]', 'p.json')).toThrow(/p\.json:1: /);
    expect(() => parsePronunciations('[oops', 'p.json')).toThrow(/p\.json is not valid JSON/);
  });
});
