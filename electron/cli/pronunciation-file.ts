/**
 * `--pronunciations <file>`: words the engine should say differently (shared/text/pronunciations.ts), one
 * per line as `written = said as` (blank lines and `#` comments allowed), or a JSON array
 * `[{ "word": "SQL", "sayAs": "sequel" }]`. Every problem is reported with its line, as the script parser does.
 */
import fs from 'node:fs/promises';
import { decodeScriptBytes } from '../../shared/script/decode-script';
import { PronunciationsSchema, type Pronunciation } from '../../shared/text/pronunciations';
import { UserError } from './cli-io';

const MAX_FILE_BYTES = 1024 * 1024;

export async function readPronunciationFile(file: string): Promise<Pronunciation[]> {
  let bytes: Buffer;
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) throw new UserError(`--pronunciations "${file}" is not a file`);
    if (stat.size > MAX_FILE_BYTES)
      throw new UserError(
        `--pronunciations "${file}" is larger than 1 MB`,
        'a pronunciation list is a few words per line',
      );
    bytes = await fs.readFile(file);
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(
      `cannot read the pronunciations "${file}": ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    );
  }
  return parsePronunciations(decodeScriptBytes(bytes).text, file);
}

/** The entries of a pronunciation file's text; a UserError listing every bad line. */
export function parsePronunciations(text: string, name: string): Pronunciation[] {
  const trimmed = text.trim();
  const { entries, lines } = trimmed.startsWith('[') ? fromJson(trimmed, name) : fromLines(text, name);
  const checked = PronunciationsSchema.safeParse(entries);
  if (!checked.success) {
    const problems = checked.error.issues.map((issue) => {
      const index = typeof issue.path[0] === 'number' ? issue.path[0] : undefined;
      const where = index === undefined ? name : `${name}:${lines[index] ?? '?'}`;
      return `${where}: ${issue.message}`;
    });
    throw new UserError(
      `the pronunciation list has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}:\n  ${problems.join('\n  ')}`,
      'write one word per line as `written = said as`, e.g. `SQL = sequel`',
    );
  }
  return checked.data;
}

function fromLines(text: string, name: string): { entries: unknown[]; lines: number[] } {
  const entries: unknown[] = [];
  const lines: number[] = [];
  const bad: string[] = [];
  text.split(/\r\n|\r|\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const equals = line.indexOf('=');
    if (equals <= 0 || equals === line.length - 1) {
      bad.push(`${name}:${index + 1}: "${line.slice(0, 60)}" is not \`written = said as\``);
      return;
    }
    entries.push({ word: line.slice(0, equals), sayAs: line.slice(equals + 1) });
    lines.push(index + 1);
  });
  if (bad.length > 0) {
    throw new UserError(
      `the pronunciation list has ${bad.length === 1 ? 'a line' : `${bad.length} lines`} that cannot be read:\n  ${bad.slice(0, 20).join('\n  ')}`,
      'write one word per line as `written = said as`, e.g. `SQL = sequel`',
    );
  }
  return { entries, lines };
}

function fromJson(text: string, name: string): { entries: unknown[]; lines: number[] } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UserError(
      `${name} is not valid JSON: ${(error as Error).message}`,
      'or write `written = said as` lines',
    );
  }
  if (!Array.isArray(value)) throw new UserError(`${name}: a JSON pronunciation list is an array`);
  // JSON entries are named by their position ("entry 3"), shown where a line number would be.
  return { entries: value, lines: value.map((_, index) => index + 1) };
}
