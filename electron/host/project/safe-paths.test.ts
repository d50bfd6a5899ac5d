import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UnsafePathError } from './project-errors';
import {
  exportFilePath,
  isValidTakeHash,
  resolveInside,
  resolveInsideLexical,
  takeFilePath,
} from './safe-paths';
import { makeTempDir, removeTempDir } from './test-fixtures';

let root: string;
let project: string;
beforeEach(async () => {
  root = await makeTempDir('rt-safe-');
  project = path.join(root, 'project');
  await fs.mkdir(path.join(project, 'takes'), { recursive: true });
  await fs.mkdir(path.join(project, 'exports'), { recursive: true });
  await fs.mkdir(path.join(root, 'outside'));
});
afterEach(async () => {
  await removeTempDir(root);
});

describe('resolveInside', () => {
  it('resolves plain relative paths inside the project, existing or not', async () => {
    expect(await resolveInside(project, 'takes/abc.wav')).toBe(path.join(project, 'takes', 'abc.wav'));
    expect(await resolveInside(project, './exports/new/sub/x.mp3')).toBe(
      path.join(project, 'exports', 'new', 'sub', 'x.mp3'),
    );
    expect(await resolveInside(project, 'takes\\abc.wav')).toBe(path.join(project, 'takes', 'abc.wav'));
  });

  it.each([
    ['../outside/x', "'..'"],
    ['takes/../../outside', "'..'"],
    ['takes\\..\\..\\x', "'..'"],
    ['/etc/passwd', 'absolute'],
    ['\\\\server\\share\\x', 'absolute'],
    ['C:\\Windows\\x', 'absolute'],
    ['C:x', 'drive letter'],
    ['takes/a.wav:stream', "':'"],
    ['takes/a\0.wav', 'NUL'],
    ['', 'empty'],
    ['.', 'project folder itself'],
    ['exports/CON.mp3', 'reserved device name'],
    ['exports/a?.mp3', 'Windows does not allow'],
    ['exports/trailing.', 'ends with a dot'],
    ['exports/...', "'..'"],
  ])('refuses %j (%s)', async (relative, reason) => {
    const error = await resolveInside(project, relative).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsafePathError);
    expect((error as Error).message).toContain(reason);
    expect(() => resolveInsideLexical(project, relative)).toThrow(UnsafePathError);
  });

  it('refuses symlinks that lead out of the project, or nowhere', async () => {
    await fs.symlink(path.join(root, 'outside'), path.join(project, 'exports', 'escape'));
    await fs.symlink(path.join(root, 'outside', 'secret.txt'), path.join(project, 'takes', 'link.wav'));
    await fs.symlink(path.join(root, 'missing'), path.join(project, 'takes', 'dangling.wav'));
    await expect(resolveInside(project, 'exports/escape/ep.mp3')).rejects.toThrow(
      /leaves the project folder/,
    );
    await expect(resolveInside(project, 'exports/escape')).rejects.toThrow(/leaves the project folder/);
    await fs.writeFile(path.join(root, 'outside', 'secret.txt'), 'x');
    await expect(resolveInside(project, 'takes/link.wav')).rejects.toThrow(/leaves the project folder/);
    await expect(resolveInside(project, 'takes/dangling.wav')).rejects.toThrow(/does not exist/);
  });

  it('allows symlinks that stay inside, and a project folder that is itself a symlink', async () => {
    await fs.symlink(path.join(project, 'takes'), path.join(project, 'exports', 'takes-link'));
    expect(await resolveInside(project, 'exports/takes-link/a.wav')).toBe(
      path.join(project, 'exports', 'takes-link', 'a.wav'),
    );
    const alias = path.join(root, 'alias');
    await fs.symlink(project, alias);
    expect(await resolveInside(alias, 'takes/a.wav')).toBe(path.join(alias, 'takes', 'a.wav'));
  });
});

describe('take and export names', () => {
  it('accepts only lowercase hex take hashes of 16 to 64 digits', () => {
    expect(isValidTakeHash('0123456789abcdef')).toBe(true);
    expect(isValidTakeHash('a'.repeat(64))).toBe(true);
    for (const bad of [
      '0123456789abcde',
      'a'.repeat(65),
      '0123456789ABCDEF',
      '../../etc/passwd',
      'g123456789abcdef',
      42,
      undefined,
    ]) {
      expect(isValidTakeHash(bad)).toBe(false);
    }
  });

  it('builds take and export paths inside the project', async () => {
    const hash = 'deadbeefdeadbeef';
    expect(await takeFilePath(project, hash)).toBe(path.join(project, 'takes', `${hash}.wav`));
    expect(await takeFilePath(project, hash, 'peaks.json')).toBe(
      path.join(project, 'takes', `${hash}.peaks.json`),
    );
    await expect(takeFilePath(project, '../deadbeefdeadbeef')).rejects.toBeInstanceOf(UnsafePathError);
    await expect(takeFilePath(project, hash, '../x')).rejects.toBeInstanceOf(UnsafePathError);
    expect(await exportFilePath(project, 'Episode 1.mp3')).toBe(
      path.join(project, 'exports', 'Episode 1.mp3'),
    );
    await expect(exportFilePath(project, 'sub/ep.mp3')).rejects.toThrow(/cannot contain folders/);
    await expect(exportFilePath(project, '../ep.mp3')).rejects.toBeInstanceOf(UnsafePathError);
  });
});
