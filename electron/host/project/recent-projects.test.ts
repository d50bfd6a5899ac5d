import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RecentProjects } from './recent-projects';
import { makeTempDir, removeTempDir } from './test-fixtures';

let dataDir: string;
beforeEach(async () => {
  dataDir = await makeTempDir('rt-recent-');
});
afterEach(async () => {
  await removeTempDir(dataDir);
});

async function projectDir(name: string): Promise<string> {
  const dir = path.join(dataDir, 'projects', name);
  await fs.mkdir(dir, { recursive: true });
  return dir;
}

describe('RecentProjects', () => {
  it('keeps the newest first, without duplicates, in recent.json', async () => {
    const recent = RecentProjects.inDataDir(dataDir);
    expect(await recent.list()).toEqual([]);
    await expect(fs.stat(path.join(dataDir, 'recent.json'))).rejects.toMatchObject({ code: 'ENOENT' });
    const a = await projectDir('a');
    const b = await projectDir('b');
    await recent.add({ dir: a, title: 'A', modifiedAtMs: 1 });
    await recent.add({ dir: b, title: 'B', modifiedAtMs: 2 });
    await recent.add({ dir: a + path.sep, title: 'A again', modifiedAtMs: 3 });
    expect(await recent.list()).toEqual([
      { dir: a, title: 'A again', modifiedAtMs: 3 },
      { dir: b, title: 'B', modifiedAtMs: 2 },
    ]);
    const stored = JSON.parse(await fs.readFile(path.join(dataDir, 'recent.json'), 'utf8'));
    expect(stored.projects.map((p: { title: string }) => p.title)).toEqual(['A again', 'B']);
    expect(await new RecentProjects(recent.file).remove(b)).toEqual([
      { dir: a, title: 'A again', modifiedAtMs: 3 },
    ]);
  });

  it('keeps at most 20 and drops folders that are gone', async () => {
    const recent = RecentProjects.inDataDir(dataDir);
    for (let i = 0; i < 25; i += 1) await recent.add({ dir: await projectDir(`p${i}`), title: `P${i}` });
    const list = await recent.list();
    expect(list).toHaveLength(20);
    expect(list[0]!.title).toBe('P24');
    expect(list[19]!.title).toBe('P5');
    await fs.rm(path.join(dataDir, 'projects', 'p24'), { recursive: true });
    await fs.rm(path.join(dataDir, 'projects', 'p10'), { recursive: true });
    const after = await recent.list();
    expect(after.map((p) => p.title)).not.toContain('P24');
    expect(after.map((p) => p.title)).not.toContain('P10');
    expect(after).toHaveLength(18);
    const stored = JSON.parse(await fs.readFile(recent.file, 'utf8'));
    expect(stored.projects).toHaveLength(18);
  });

  it('survives concurrent adds and a damaged file', async () => {
    const recent = RecentProjects.inDataDir(dataDir);
    const dirs = await Promise.all(['x', 'y', 'z'].map(projectDir));
    await Promise.all(dirs.map((dir, i) => recent.add({ dir, title: `T${i}` })));
    expect((await recent.list()).map((p) => p.title).sort()).toEqual(['T0', 'T1', 'T2']);
    await fs.writeFile(recent.file, '{"version": 1, "projects": [');
    expect(await recent.list()).toEqual([]);
    await recent.add({ dir: dirs[0]!, title: 'fresh' });
    expect((await recent.list()).map((p) => p.title)).toEqual(['fresh']);
  });
});
