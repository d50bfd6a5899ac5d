/**
 * The Pronunciations dialog's draft: rows as typed, checked with the project's own schema. Rows left empty
 * on both sides are ignored rather than refused (an "Add word" not used yet), and only the other rows are
 * numbered, so the schema's "entries 2 and 5" names the numbers the dialog shows.
 */
import {
  entryKey,
  MAX_PRONUNCIATIONS,
  PronunciationsSchema,
  type Pronunciation,
} from '../../../../shared/text/pronunciations';

export interface DraftRow {
  /** Stable per dialog, for React keys and focus. */
  id: number;
  word: string;
  sayAs: string;
}

export interface RowProblem {
  message: string;
  /** The field it is about. */
  field: 'word' | 'sayAs';
  /** Only one side is filled in: the row may simply not be finished yet. */
  incomplete: boolean;
}

export interface DraftCheck {
  /** The entries to apply (trimmed), or null while a row has a problem. */
  entries: Pronunciation[] | null;
  /** The first problem of each row, by row id. */
  problems: ReadonlyMap<number, RowProblem>;
  /** A problem of the list as a whole (too many entries). */
  listProblem: string | null;
  /** Entry number of each non-empty row, by row id (1-based). */
  numbers: ReadonlyMap<number, number>;
}

export function isBlankRow(row: DraftRow): boolean {
  return row.word.trim() === '' && row.sayAs.trim() === '';
}

let nextRowId = 0;

export function newRow(entry: Pronunciation = { word: '', sayAs: '' }): DraftRow {
  return { id: ++nextRowId, word: entry.word, sayAs: entry.sayAs };
}

export function checkDraft(rows: readonly DraftRow[]): DraftCheck {
  const filled = rows.filter((row) => !isBlankRow(row));
  const numbers = new Map(filled.map((row, i) => [row.id, i + 1]));
  const result = PronunciationsSchema.safeParse(filled.map(({ word, sayAs }) => ({ word, sayAs })));
  if (result.success) return { entries: result.data, problems: new Map(), listProblem: null, numbers };
  const problems = new Map<number, RowProblem>();
  let listProblem: string | null = null;
  // A word listed twice is said first: it is the problem typing the other half does not fix.
  const issues = [...result.error.issues].sort(
    (a, b) => Number(a.code !== 'custom') - Number(b.code !== 'custom'),
  );
  for (const issue of issues) {
    const at = issue.path[0];
    const row = typeof at === 'number' ? filled[at] : undefined;
    if (!row) listProblem ??= `A project can list at most ${MAX_PRONUNCIATIONS} words: remove some.`;
    else if (!problems.has(row.id)) {
      const field = issue.path[1] === 'sayAs' ? 'sayAs' : 'word';
      const incomplete = issue.code !== 'custom' && row[field].trim() === '';
      problems.set(row.id, { message: issue.message, field, incomplete });
    }
  }
  return { entries: null, problems, listProblem, numbers };
}

/**
 * The draft with an imported list merged in: a word the draft has already gets the imported pronunciation,
 * a new word is added at the end (blank rows make way). Returns what changed, for the dialog to say.
 */
export function mergeImported(
  rows: readonly DraftRow[],
  entries: readonly Pronunciation[],
): { rows: DraftRow[]; added: number; replaced: number } {
  const merged = rows.filter((row) => !isBlankRow(row)).map((row) => ({ ...row }));
  const byKey = new Map(merged.map((row) => [entryKey(row.word), row]));
  let added = 0;
  let replaced = 0;
  for (const entry of entries) {
    const existing = byKey.get(entryKey(entry.word));
    if (existing) {
      if (existing.sayAs.trim() !== entry.sayAs) replaced++;
      existing.sayAs = entry.sayAs;
      continue;
    }
    const row = newRow(entry);
    merged.push(row);
    byKey.set(entryKey(entry.word), row);
    added++;
  }
  return { rows: merged, added, replaced };
}
