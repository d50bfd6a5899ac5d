import { describe, expect, it } from 'vitest';
import { MAX_PRONUNCIATIONS } from '../../../../shared/text/pronunciations';
import { checkDraft, mergeImported, newRow } from './pronunciation-rows';

describe('the pronunciations draft', () => {
  it('ignores blank rows, trims the others and numbers only those', () => {
    const rows = [newRow(), newRow({ word: ' SQL ', sayAs: 'sequel ' }), newRow({ word: ' ', sayAs: '' })];
    const check = checkDraft(rows);
    expect(check.entries).toEqual([{ word: 'SQL', sayAs: 'sequel' }]);
    expect(check.problems.size).toBe(0);
    expect(check.numbers.get(rows[1]!.id)).toBe(1);
    expect(check.numbers.has(rows[0]!.id)).toBe(false);
    expect(checkDraft([]).entries).toEqual([]);
  });

  it('puts the schema’s message on the row it is about', () => {
    const rows = [
      newRow({ word: 'SQL', sayAs: 'sequel' }),
      newRow(),
      newRow({ word: 'Nguyen', sayAs: '' }),
      newRow({ word: 'sql', sayAs: 'ess queue ell' }),
    ];
    const check = checkDraft(rows);
    expect(check.entries).toBeNull();
    expect(check.problems.get(rows[2]!.id)).toEqual({
      message: 'a pronunciation needs what to say instead',
      field: 'sayAs',
      incomplete: true,
    });
    // Numbered as shown: the blank row does not count.
    expect(check.problems.get(rows[3]!.id)).toEqual({
      message: '"sql" is listed twice (entries 1 and 3); keep one',
      field: 'word',
      incomplete: false,
    });
    // A duplicate is named before the missing half of the same row.
    const half = checkDraft([rows[0]!, newRow({ word: 'SQL', sayAs: '' })]);
    expect([...half.problems.values()]).toEqual([
      { message: '"SQL" is listed twice (entries 1 and 2); keep one', field: 'word', incomplete: false },
    ]);
    expect(check.problems.has(rows[0]!.id)).toBe(false);
  });

  it('takes 500 entries and says so about one more', () => {
    const many = Array.from({ length: MAX_PRONUNCIATIONS }, (_, i) => newRow({ word: `w${i}`, sayAs: 'x' }));
    expect(checkDraft(many).entries).toHaveLength(MAX_PRONUNCIATIONS);
    const tooMany = checkDraft([...many, newRow({ word: 'one more', sayAs: 'x' })]);
    expect(tooMany.entries).toBeNull();
    expect(tooMany.listProblem).toBe('A project can list at most 500 words: remove some.');
  });

  it('merges an imported list: known words take the imported pronunciation, new ones are added', () => {
    const rows = [
      newRow({ word: 'SQL', sayAs: 'sequel' }),
      newRow(),
      newRow({ word: 'Nguyen', sayAs: 'win' }),
    ];
    const merged = mergeImported(rows, [
      { word: 'sql', sayAs: 'ess queue ell' },
      { word: 'nginx', sayAs: 'engine x' },
      { word: 'Nguyen', sayAs: 'win' },
    ]);
    expect(merged.rows.map(({ word, sayAs }) => [word, sayAs])).toEqual([
      ['SQL', 'ess queue ell'],
      ['Nguyen', 'win'],
      ['nginx', 'engine x'],
    ]);
    expect(merged).toMatchObject({ added: 1, replaced: 1 });
    expect(checkDraft(merged.rows).entries).toHaveLength(3);
  });
});
