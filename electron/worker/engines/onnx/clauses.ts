/**
 * Splits text into clauses at punctuation followed by a space (or the end), the way espeak-ng reports
 * clauses to Piper: each clause keeps its terminator (`.` `?` `!` `,` `;` `:` or `…`) because espeak drops
 * punctuation from the phonemes but the voices were trained with it. `3.14` or `e.g.x` do not split.
 */

export type Terminator = '.' | '?' | '!' | ',' | ';' | ':' | '…' | '';

export interface Clause {
  text: string;
  terminator: Terminator;
  /** `.` `?` `!` end a sentence; the other terminators only a clause. */
  endsSentence: boolean;
}

/** A punctuation run, optional closing quotes/brackets, then whitespace or the end of the text. */
const CLAUSE_END = /([.!?,;:…]+)["'”’»)\]]*(?=\s|$)/gu;

export function terminatorOf(punctuation: string): Terminator {
  if (punctuation.includes('?')) return '?';
  if (punctuation.includes('!')) return '!';
  if (punctuation.includes('…') || punctuation.includes('..')) return '…';
  if (punctuation.includes('.')) return '.';
  const first = punctuation[0];
  return first === ',' || first === ';' || first === ':' ? first : '';
}

export function splitClauses(text: string): Clause[] {
  const clauses: Clause[] = [];
  let start = 0;
  for (const match of text.matchAll(CLAUSE_END)) {
    const end = match.index ?? 0;
    const terminator = terminatorOf(match[1] ?? '');
    pushClause(clauses, text.slice(start, end), terminator);
    start = end + match[0].length;
  }
  pushClause(clauses, text.slice(start), '');
  return clauses;
}

function pushClause(clauses: Clause[], raw: string, terminator: Terminator): void {
  const text = raw.replace(/\s+/g, ' ').trim();
  if (text === '' && terminator === '') return;
  clauses.push({
    text,
    terminator,
    endsSentence: terminator === '.' || terminator === '?' || terminator === '!',
  });
}
