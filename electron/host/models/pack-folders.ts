/** Moving whole pack folders: a new one into place (the old one kept until it is), and stale leftovers out. */
import fs from 'node:fs/promises';
import path from 'node:path';
import { syncDir } from '../files/atomic-write';
import { withLockRetry } from '../project/fs-retry';

/** Renames `staging` to `finalDir`; an existing `finalDir` is moved to `trash` first and back on failure. */
export async function replaceFolder(
  staging: string,
  finalDir: string,
  trash: string,
  parent: string,
): Promise<void> {
  if (await exists(finalDir)) {
    await withLockRetry(() => fs.rename(finalDir, trash));
    try {
      await withLockRetry(() => fs.rename(staging, finalDir));
    } catch (error) {
      await fs.rename(trash, finalDir).catch(() => undefined);
      throw error;
    }
    await fs.rm(trash, { recursive: true, force: true });
  } else {
    await withLockRetry(() => fs.rename(staging, finalDir));
  }
  await syncDir(parent);
}

/** Removes folders in `parent` whose names start with one of `prefixes` and that are older than `staleAfterMs`. */
export async function removeStaleFolders(
  parent: string,
  prefixes: string[],
  staleAfterMs: number,
  now: Date,
): Promise<void> {
  const names = await fs.readdir(parent).catch(() => [] as string[]);
  for (const name of names) {
    if (!prefixes.some((prefix) => name.startsWith(prefix))) continue;
    const dir = path.join(parent, name);
    const stat = await fs.stat(dir).catch(() => undefined);
    if (stat && now.getTime() - stat.mtimeMs > staleAfterMs)
      await fs.rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}

export async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    () => true,
    () => false,
  );
}
