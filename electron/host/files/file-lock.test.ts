import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir } from '../project/test-fixtures';
import { removeStaleLock, withFileLock } from './file-lock';
import { ownedTempFiles } from './temp-files';

let dir: string;
beforeEach(async () => {
  dir = await makeTempDir('rt-lock-');
});
afterEach(async () => {
  await removeTempDir(dir);
});

const DEAD_PID = 2 ** 22 + 99;

describe('withFileLock', () => {
  it('waits while another live process holds the lock, then runs and removes the lock', async () => {
    const lock = path.join(dir, 'ep.roundtable-lock');
    // The parent process (the test runner's) is alive and is not this one.
    await fs.writeFile(lock, `${process.ppid}\n`);
    const seen: string[] = [];
    let looks = 0;
    const result = await withFileLock(
      lock,
      async () => {
        seen.push(await fs.readFile(lock, 'utf8'));
        return 'done';
      },
      {
        sleep: async () => {
          looks += 1;
          // The other holder finishes after three looks.
          if (looks === 3) await fs.rm(lock);
        },
      },
    );
    expect(result).toBe('done');
    expect(looks).toBe(3);
    expect(seen).toEqual([`${process.pid}\n`]);
    expect(await fs.readdir(dir)).toEqual([]);
    expect(ownedTempFiles().filter((file) => file.startsWith(dir))).toEqual([]);
  });

  it('takes over a lock whose process is gone, and removes the lock when the body throws', async () => {
    const lock = path.join(dir, 'ep.roundtable-lock');
    await fs.writeFile(lock, `${DEAD_PID}\n`);
    await expect(
      withFileLock(lock, () => Promise.reject(new Error('body failed')), {
        sleep: () => Promise.reject(new Error('must not wait for a dead holder')),
      }),
    ).rejects.toThrow('body failed');
    expect(await fs.readdir(dir)).toEqual([]);
  });

  it('runs the jobs of one process one after the other', async () => {
    const lock = path.join(dir, 'ep.roundtable-lock');
    const events: string[] = [];
    let releaseFirst!: () => void;
    const first = withFileLock(lock, async () => {
      events.push('first in');
      await new Promise<void>((resolve) => (releaseFirst = resolve));
      events.push('first out');
    });
    const second = withFileLock(lock, async () => {
      events.push('second in');
    });
    while (!events.includes('first in')) await new Promise((resolve) => setImmediate(resolve));
    releaseFirst();
    await Promise.all([first, second]);
    expect(events).toEqual(['first in', 'first out', 'second in']);
  });

  it('gives up on a holder that never lets go, naming the lock file', async () => {
    const lock = path.join(dir, 'ep.roundtable-lock');
    await fs.writeFile(lock, `${process.ppid}\n`);
    await expect(
      withFileLock(lock, async () => 'never', { timeoutMs: -1, sleep: async () => undefined }),
    ).rejects.toThrow(`another process (pid ${process.ppid}) holds ${lock}`);
    await removeStaleLock(lock);
    expect(await fs.readdir(dir)).toEqual(['ep.roundtable-lock']);
    await fs.writeFile(lock, `${DEAD_PID}\n`);
    await removeStaleLock(lock);
    expect(await fs.readdir(dir)).toEqual([]);
  });
});
