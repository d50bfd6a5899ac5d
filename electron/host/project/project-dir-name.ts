/** A folder for a new project when the user gave only a title (`createProject` without `dir`). */
import fs from 'node:fs/promises';
import path from 'node:path';

const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

/** A folder name from a title: letters, digits, spaces, `-` and `_` only, at most 60 characters. */
export function folderNameForTitle(title: string): string {
  const cleaned = title
    .normalize('NFC')
    .replace(/[^\p{L}\p{N} _-]+/gu, '-')
    .replace(/\s+/g, ' ')
    .replace(/-{2,}/g, '-')
    .slice(0, 60)
    .replace(/^[ .-]+|[ .-]+$/g, '');
  if (cleaned === '' || WINDOWS_DEVICE.test(cleaned)) return 'Untitled';
  return cleaned;
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.lstat(file);
    return true;
  } catch {
    return false;
  }
}

/** `<parentDir>/<name>`, or `<name> 2`, `<name> 3`, ... for the first that does not exist yet. */
export async function suggestProjectDir(parentDir: string, title: string): Promise<string> {
  const name = folderNameForTitle(title);
  for (let n = 1; n < 10_000; n += 1) {
    const candidate = path.join(path.resolve(parentDir), n === 1 ? name : `${name} ${n}`);
    if (!(await exists(candidate))) return candidate;
  }
  return path.join(path.resolve(parentDir), `${name} ${Date.now()}`);
}
