import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { removeStaleTempFiles, syncDir, tempPathFor, writeFileAtomic } from './atomic-write';
import { makeTempDir, removeTempDir } from './test-fixtures';

let dir: string;
beforeEach(async () => {
  dir = await makeTempDir('rt-atomic-');
});
afterEach(async () => {
  vi.restoreAllMocks();
  await removeTempDir(dir);
});

const file = () => path.join(dir, 'data.json');
const backup = () => path.join(dir, 'data.json.bak');
const names = async () => (await fs.readdir(dir)).sort();

describe('writeFileAtomic', () => {
  it('replaces the file and keeps the previous content as the backup', async () => {
    await writeFileAtomic(file(), 'one', { backupFile: backup() });
    expect(await names()).toEqual(['data.json']);
    await writeFileAtomic(file(), 'two', { backupFile: backup() });
    await writeFileAtomic(file(), 'three', { backupFile: backup() });
    expect(await fs.readFile(file(), 'utf8')).toBe('three');
    expect(await fs.readFile(backup(), 'utf8')).toBe('two');
    expect(await names()).toEqual(['data.json', 'data.json.bak']);
  });

  it('copies the backup where hard links are not possible', async () => {
    await writeFileAtomic(file(), 'old');
    const link = vi
      .spyOn(fs, 'link')
      .mockRejectedValue(Object.assign(new Error('no links'), { code: 'EPERM' }));
    await writeFileAtomic(file(), 'new', { backupFile: backup() });
    expect(link).toHaveBeenCalled();
    expect(await fs.readFile(backup(), 'utf8')).toBe('old');
    expect(await fs.readFile(file(), 'utf8')).toBe('new');
    expect(await names()).toEqual(['data.json', 'data.json.bak']);
  });

  it('leaves the old file and no temp file behind when the write fails', async () => {
    await writeFileAtomic(file(), 'safe');
    vi.spyOn(fs, 'rename').mockRejectedValue(Object.assign(new Error('disk gone'), { code: 'EIO' }));
    await expect(writeFileAtomic(file(), 'lost')).rejects.toThrow('disk gone');
    vi.restoreAllMocks();
    expect(await fs.readFile(file(), 'utf8')).toBe('safe');
    expect(await names()).toEqual(['data.json']);
  });

  it('uses unique temp names: <file>.tmp-<pid>-<n>', () => {
    const a = tempPathFor('/x/p.json');
    const b = tempPathFor('/x/p.json');
    expect(a).toMatch(new RegExp(`^/x/p\\.json\\.tmp-${process.pid}-\\d+$`));
    expect(a).not.toBe(b);
  });
});

describe('syncDir', () => {
  it('syncs a folder, and shrugs where folders cannot be synced (Windows EISDIR/EPERM)', async () => {
    await expect(syncDir(dir)).resolves.toBeUndefined();
    vi.spyOn(fs, 'open').mockRejectedValueOnce(Object.assign(new Error('is a dir'), { code: 'EISDIR' }));
    await expect(syncDir(dir)).resolves.toBeUndefined();
    vi.spyOn(fs, 'open').mockRejectedValueOnce(Object.assign(new Error('io'), { code: 'EIO' }));
    await expect(syncDir(dir)).rejects.toThrow('io');
  });
});

describe('removeStaleTempFiles', () => {
  it('removes temp files of dead processes only', async () => {
    const dead = 2 ** 22 + 777;
    await fs.writeFile(path.join(dir, `project.json.tmp-${dead}-1`), '');
    await fs.writeFile(path.join(dir, `project.json.bak.tmp-${dead}-2`), '');
    await fs.writeFile(path.join(dir, `project.json.tmp-${process.pid}-3`), '');
    await fs.writeFile(path.join(dir, 'project.json'), '{}');
    expect((await removeStaleTempFiles(dir, ['project.json', 'project.json.bak'])).sort()).toEqual([
      `project.json.bak.tmp-${dead}-2`,
      `project.json.tmp-${dead}-1`,
    ]);
    expect(await names()).toEqual(['project.json', `project.json.tmp-${process.pid}-3`]);
    expect(await removeStaleTempFiles(path.join(dir, 'missing'), ['project.json'])).toEqual([]);
  });

  it("removes only temp files of the names it is given, never a user's file of the same pattern", async () => {
    const dead = 2 ** 22 + 778;
    await fs.writeFile(path.join(dir, `thesis.docx.tmp-${dead}-1`), 'a chapter');
    await fs.writeFile(path.join(dir, `project.json.tmp-${dead}-2`), '');
    expect(await removeStaleTempFiles(dir, ['project.json'])).toEqual([`project.json.tmp-${dead}-2`]);
    expect(await names()).toEqual([`thesis.docx.tmp-${dead}-1`]);
  });
});
