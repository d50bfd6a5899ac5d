/**
 * The pronunciation list as a file: one word per line as `written = said as` (blank lines and `#` comments
 * allowed), or a JSON array `[{ "word": "SQL", "sayAs": "sequel" }]`. Read by the CLI's `--pronunciations`
 * and the studio's Import; written by the studio's Export, so a series can keep one list for every episode.
 */
import { PronunciationsSchema, type Pronunciation } from './pronunciations';

export type ListReading =
  | { ok: true; entries: Pronunciation[] }
  | {
      ok: false;
      /** Each problem with where it is: `name:line` (for JSON, the entry's position). */
      problems: string[];
    };

/** Reads a pronunciation file's text; `name` (the file's) starts each problem's place. */
export function readPronunciationList(text: string, name: string): ListReading {
  const trimmed = text.trim();
  const parsed = trimmed.startsWith('[') ? fromJson(trimmed, name) : fromLines(text, name);
  if ('problems' in parsed) return { ok: false, problems: parsed.problems };
  const checked = PronunciationsSchema.safeParse(parsed.entries);
  if (checked.success) return { ok: true, entries: checked.data };
  return {
    ok: false,
    problems: checked.error.issues.map((issue) => {
      const index = typeof issue.path[0] === 'number' ? issue.path[0] : undefined;
      const where = index === undefined ? name : `${name}:${parsed.lines[index] ?? '?'}`;
      return `${where}: ${issue.message}`;
    }),
  };
}

/** The list as a file `readPronunciationList` reads back (JSON when a word holds `=` or a line break). */
export function writePronunciationList(entries: readonly Pronunciation[]): string {
  if (
    entries.some(
      (entry) => /[=\r\n]/.test(entry.word) || /[\r\n]/.test(entry.sayAs) || entry.word.startsWith('#'),
    )
  )
    return `${JSON.stringify(entries, null, 2)}\n`;
  const lines = entries.map((entry) => `${entry.word} = ${entry.sayAs}`);
  return `# Roundtable Studio pronunciations: written = said as\n${lines.join('\n')}\n`;
}

function fromLines(
  text: string,
  name: string,
): { entries: unknown[]; lines: number[] } | { problems: string[] } {
  const entries: unknown[] = [];
  const lines: number[] = [];
  const problems: string[] = [];
  text.split(/\r\n|\r|\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const equals = line.indexOf('=');
    if (equals <= 0 || equals === line.length - 1) {
      problems.push(`${name}:${index + 1}: "${line.slice(0, 60)}" is not \`written = said as\``);
      return;
    }
    entries.push({ word: line.slice(0, equals), sayAs: line.slice(equals + 1) });
    lines.push(index + 1);
  });
  return problems.length > 0 ? { problems } : { entries, lines };
}

function fromJson(
  text: string,
  name: string,
): { entries: unknown[]; lines: number[] } | { problems: string[] } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { problems: [`${name} is not valid JSON: ${(error as Error).message}`] };
  }
  if (!Array.isArray(value)) return { problems: [`${name}: a JSON pronunciation list is an array`] };
  // JSON entries are named by their position, shown where a line number would be.
  return { entries: value, lines: value.map((_, index) => index + 1) };
}
