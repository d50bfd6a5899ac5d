import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeTempDir, removeTempDir } from '../project/test-fixtures';
import { syncDir, writeFileAtomic } from './atomic-write';
import {
  ownedTempFiles,
  ownTempFile,
  parseTempName,
  removeOwnedTempFilesSync,
  removeStaleTempFiles,
  tempPathFor,
} from './temp-files';
import { fillDiskAfter } from './testing/fault-fs';
import { DiskFullError } from './write-errors';

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

  it('uses temp names of its own, recognisable as ours: <file>.roundtable-<pid>-<12 hex>.tmp', () => {
    const a = tempPathFor('/x/p.json');
    const b = tempPathFor('/x/p.json');
    expect(a).toMatch(new RegExp(`^/x/p\\.json\\.roundtable-${process.pid}-[0-9a-f]{12}\\.tmp$`));
    expect(a).not.toBe(b);
    expect(parseTempName(path.basename(a))).toEqual({ target: 'p.json', pid: process.pid });
    expect(parseTempName('thesis.docx.tmp-999999-1')).toBeNull();
  });

  it('lets many writers of one file run at once: each finishes, the file is one of them whole', async () => {
    const contents = Array.from({ length: 20 }, (_, index) => `writer ${index} `.repeat(5_000));
    await Promise.all(contents.map((text) => writeFileAtomic(file(), text)));
    expect(contents).toContain(await fs.readFile(file(), 'utf8'));
    expect(await names()).toEqual(['data.json']);
  });

  it('names the file and the space it needed when the disk is full, and leaves no temp file', async () => {
    await writeFileAtomic(file(), 'old');
    const disk = fillDiskAfter(dir, 100);
    const error = await writeFileAtomic(file(), 'x'.repeat(2_000)).catch((caught: unknown) => caught);
    disk.restore();
    expect(error).toBeInstanceOf(DiskFullError);
    expect((error as DiskFullError).message).toMatch(
      new RegExp(
        `^the disk is full: cannot write ${file().replace(/[.\\/]/g, '\\$&')}; it needs about 2\\.0 KB`,
      ),
    );
    expect((error as DiskFullError).hint).toMatch(/Free at least .* on the disk that holds/);
    expect(await fs.readFile(file(), 'utf8')).toBe('old');
    expect(await names()).toEqual(['data.json']);
    expect(ownedTempFiles().filter((owned) => owned.startsWith(dir))).toEqual([]);
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
  it('removes our temp files of dead processes only, never a file we did not name', async () => {
    const dead = 2 ** 22 + 777;
    const deadName = (target: string) => `${target}.roundtable-${dead}-0123456789ab.tmp`;
    await fs.writeFile(path.join(dir, deadName('project.json')), '');
    await fs.writeFile(path.join(dir, deadName('ep.spool')), '');
    const live = path.basename(tempPathFor(path.join(dir, 'project.json')));
    await fs.writeFile(path.join(dir, live), '');
    await fs.writeFile(path.join(dir, 'project.json'), '{}');
    await fs.writeFile(path.join(dir, `thesis.docx.tmp-${dead}-1`), 'a user file');
    expect((await removeStaleTempFiles(dir, (target) => target === 'ep.spool')).sort()).toEqual([
      deadName('ep.spool'),
    ]);
    expect((await removeStaleTempFiles(dir)).sort()).toEqual([deadName('project.json')]);
    expect(await names()).toEqual(['project.json', live, `thesis.docx.tmp-${dead}-1`].sort());
    expect(await removeStaleTempFiles(path.join(dir, 'missing'))).toEqual([]);
  });

  it("removes only temp files of the names it is given (old names too), never a user's file of the same pattern", async () => {
    const dead = 2 ** 22 + 778;
    await fs.writeFile(path.join(dir, `thesis.docx.tmp-${dead}-1`), 'a chapter');
    await fs.writeFile(path.join(dir, `project.json.tmp-${dead}-2`), '');
    await fs.writeFile(path.join(dir, `project.json.bak.tmp-${process.pid}-3`), '');
    await fs.writeFile(path.join(dir, `project.json.roundtable-${dead}-0123456789ab.tmp`), '');
    await fs.writeFile(path.join(dir, `other.json.roundtable-${dead}-0123456789ab.tmp`), '');
    expect((await removeStaleTempFiles(dir, ['project.json', 'project.json.bak'])).sort()).toEqual([
      `project.json.roundtable-${dead}-0123456789ab.tmp`,
      `project.json.tmp-${dead}-2`,
    ]);
    expect(await names()).toEqual(
      [
        `other.json.roundtable-${dead}-0123456789ab.tmp`,
        `project.json.bak.tmp-${process.pid}-3`,
        `thesis.docx.tmp-${dead}-1`,
      ].sort(),
    );
  });
});

describe('removeOwnedTempFilesSync', () => {
  it('removes, synchronously, every temp file this process still owns (for signal handlers)', async () => {
    const spool = tempPathFor(path.join(dir, 'ep.spool'));
    await fs.writeFile(spool, 'samples');
    ownTempFile(spool);
    expect(removeOwnedTempFilesSync()).toContain(spool);
    expect(await names()).toEqual([]);
    expect(ownedTempFiles().filter((file) => file.startsWith(dir))).toEqual([]);
  });
});
