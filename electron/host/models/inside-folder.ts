/**
 * Files of a model pack must be inside the pack: a `voices/` (or `onnx/`) folder that is a symlink to
 * somewhere else would have an import copy, and the worker load, files from outside the folder the user
 * chose. Both the folder and the file are compared after following links.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { ModelPackError } from './model-pack-error';

function isInside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return (
    relative !== '' &&
    relative !== '..' &&
    !relative.startsWith(`..${path.sep}`) &&
    !path.isAbsolute(relative)
  );
}

/**
 * Refuses (ModelPackError `outside-pack`) any of `relativePaths` under `folder` that resolves outside it.
 * Files that do not exist are left to the caller (a missing file has its own message).
 */
export async function checkInsideFolder(
  folder: string,
  relativePaths: readonly string[],
  describe: (relative: string, real: string) => string,
  hint: string,
): Promise<void> {
  const root = await fs.realpath(folder);
  for (const relative of relativePaths) {
    let real: string;
    try {
      real = await fs.realpath(path.join(folder, ...relative.split('/')));
    } catch {
      continue;
    }
    if (!isInside(root, real))
      throw new ModelPackError('outside-pack', describe(relative, real), hint, relative);
  }
}
