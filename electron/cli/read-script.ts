/** Reading a script file for the CLI (any common encoding, at most 50 MB), and whole-number options. */
import fs from 'node:fs/promises';
import { decodeScriptBytes, ENCODING_NAMES } from '../../shared/script/decode-script';
import type { CliIo } from './cli-io';
import { UserError } from './cli-io';

const MAX_SCRIPT_BYTES = 50 * 1024 * 1024;

export async function readScript(file: string, io: CliIo): Promise<string> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch {
    throw new UserError(`cannot read the script "${file}": no such file`);
  }
  if (!stat.isFile()) throw new UserError(`"${file}" is not a file`);
  if (stat.size > MAX_SCRIPT_BYTES) {
    throw new UserError(
      `"${file}" is ${Math.round(stat.size / 1_048_576)} MB; scripts are limited to 50 MB`,
      'split the script into episodes',
    );
  }
  const { text, encoding } = decodeScriptBytes(await fs.readFile(file));
  if (encoding !== 'utf-8')
    io.stderr(`note: read "${file}" as ${ENCODING_NAMES[encoding]} (it is not UTF-8)\n`);
  return text;
}

export function parseIntOption(
  value: string | undefined,
  name: string,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max) {
    throw new UserError(`--${name} must be a whole number from ${min} to ${max} (got "${value}")`);
  }
  return number;
}
