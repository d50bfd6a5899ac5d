import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fillDiskAfter } from '../files/testing/fault-fs';
import { DiskFullError } from '../files/write-errors';
import { makeTempDir, removeTempDir } from '../project/test-fixtures';
import { writeRecord } from './orphan-record';

let dir: string;
beforeEach(async () => {
  dir = await makeTempDir('rt-orphan-record-');
});
afterEach(async () => {
  await removeTempDir(dir);
});

describe('writeRecord', () => {
  it('lets two hosts write the record at once (one shared <name>.json.tmp made one of them fail)', async () => {
    const records = Array.from({ length: 8 }, (_, index) => ({
      pid: 1000 + index,
      args: ['--port', `${index}`],
      hostPid: 1,
    }));
    await Promise.all(records.map((record) => writeRecord(dir, 'tts', record)));
    const written = JSON.parse(await fs.readFile(path.join(dir, 'tts.json'), 'utf8')) as unknown;
    expect(records).toContainEqual(written);
    expect(await fs.readdir(dir)).toEqual(['tts.json']);
  });

  it('says which file a full disk refused and leaves no temp file', async () => {
    const disk = fillDiskAfter(dir, 0);
    const error = await writeRecord(dir, 'tts', { pid: 5, args: [], hostPid: 1 }).catch(
      (caught: unknown) => caught,
    );
    disk.restore();
    expect(error).toBeInstanceOf(DiskFullError);
    expect((error as Error).message).toContain(`cannot write ${path.join(dir, 'tts.json')}`);
    expect(await fs.readdir(dir)).toEqual([]);
  });
});
