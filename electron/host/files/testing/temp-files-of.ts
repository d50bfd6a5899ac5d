/** Test help: the temp files (files/temp-files.ts names) beside `file` that belong to it. */
import fs from 'node:fs';
import path from 'node:path';
import { parseTempName } from '../temp-files';

export function tempFilesOf(file: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(path.dirname(file));
  } catch {
    return [];
  }
  return names.filter((name) => parseTempName(name)?.target === path.basename(file));
}
