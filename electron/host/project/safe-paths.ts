/**
 * Paths inside a project folder that can never point outside it, whatever a project file, a renderer
 * request or a take hash says: no `..`, no absolute paths or drive letters, no NUL, no Windows device
 * names or stream suffixes, and no symlinks that lead out of the folder.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { errorCode } from './fs-retry';
import { UnsafePathError } from './project-errors';
import { EXPORTS_DIR, TAKES_DIR } from './project-layout';

const TAKE_HASH = /^[0-9a-f]{16,64}$/;
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
const FILE_EXTENSION = /^[a-z0-9]+(\.[a-z0-9]+)*$/;

/** A take hash as the take cache writes it: 16 to 64 lowercase hex digits (see TakeSchema). */
export function isValidTakeHash(hash: unknown): hash is string {
  return typeof hash === 'string' && TAKE_HASH.test(hash);
}

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) if (text.charCodeAt(i) < 0x20) return true;
  return false;
}

/** The path's segments if it is a safe relative path; throws UnsafePathError otherwise. */
export function checkRelativePath(relative: string): string[] {
  if (typeof relative !== 'string' || relative.length === 0)
    throw new UnsafePathError(String(relative), 'it is empty');
  if (relative.length > 1024) throw new UnsafePathError(relative.slice(0, 40), 'it is too long');
  if (relative.includes('\0')) throw new UnsafePathError(relative, 'it contains a NUL character');
  if (path.posix.isAbsolute(relative) || path.win32.isAbsolute(relative)) {
    throw new UnsafePathError(relative, 'it is an absolute path');
  }
  if (/^[a-zA-Z]:/.test(relative)) throw new UnsafePathError(relative, 'it starts with a drive letter');
  if (relative.includes(':')) throw new UnsafePathError(relative, "it contains ':'");
  const segments = relative.split(/[\\/]+/).filter((segment) => segment !== '' && segment !== '.');
  if (segments.length === 0) throw new UnsafePathError(relative, 'it names the project folder itself');
  for (const segment of segments) {
    if (/^\.+$/.test(segment)) throw new UnsafePathError(relative, "it contains '..'");
    if (/[<>"|?*]/.test(segment) || hasControlCharacter(segment)) {
      throw new UnsafePathError(relative, 'it contains a character Windows does not allow in file names');
    }
    if (/[. ]$/.test(segment)) throw new UnsafePathError(relative, 'a name ends with a dot or a space');
    if (WINDOWS_DEVICE.test(segment))
      throw new UnsafePathError(relative, `"${segment}" is a reserved device name`);
  }
  return segments;
}

function isInside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return (
    relative === '' ||
    (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative))
  );
}

/** Lexical check only (no file system access): `projectDir` joined with a safe relative path. */
export function resolveInsideLexical(projectDir: string, relative: string): string {
  const root = path.resolve(projectDir);
  const target = path.join(root, ...checkRelativePath(relative));
  if (!isInside(root, target) || target === root)
    throw new UnsafePathError(relative, 'it leaves the project folder');
  return target;
}

/**
 * The absolute path of `relative` inside `projectDir`, after checking the text (see checkRelativePath) and
 * the disk: the nearest existing part of the path, followed through any symlinks, must still lie inside
 * the project folder; a symlink to a missing place is refused too. The path itself need not exist.
 */
export async function resolveInside(projectDir: string, relative: string): Promise<string> {
  const target = resolveInsideLexical(projectDir, relative);
  const root = path.resolve(projectDir);
  const realRoot = await fs.realpath(root);
  for (let probe = target; isInside(root, probe); probe = path.dirname(probe)) {
    let isLink: boolean;
    try {
      isLink = (await fs.lstat(probe)).isSymbolicLink();
    } catch (error) {
      if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') continue;
      throw error;
    }
    let real: string;
    try {
      real = await fs.realpath(probe);
    } catch (error) {
      if (isLink && errorCode(error) === 'ENOENT') {
        throw new UnsafePathError(relative, 'it goes through a link to a place that does not exist');
      }
      throw error;
    }
    if (!isInside(realRoot, real))
      throw new UnsafePathError(relative, 'it goes through a link that leaves the project folder');
    return target;
  }
  return target;
}

/** `takes/<hash>.<extension>` inside the project, checked (the hash must pass isValidTakeHash). */
export async function takeFilePath(projectDir: string, hash: string, extension = 'wav'): Promise<string> {
  if (!isValidTakeHash(hash))
    throw new UnsafePathError(String(hash), 'it is not a take hash (16 to 64 hex digits)');
  if (!FILE_EXTENSION.test(extension)) throw new UnsafePathError(extension, 'it is not a file extension');
  return resolveInside(projectDir, `${TAKES_DIR}/${hash}.${extension}`);
}

/** `exports/<fileName>` inside the project, checked; `fileName` must be one plain name, no folders. */
export async function exportFilePath(projectDir: string, fileName: string): Promise<string> {
  const segments = checkRelativePath(fileName);
  if (segments.length !== 1 || /[\\/]/.test(fileName)) {
    throw new UnsafePathError(fileName, 'an export name cannot contain folders');
  }
  return resolveInside(projectDir, `${EXPORTS_DIR}/${fileName}`);
}
