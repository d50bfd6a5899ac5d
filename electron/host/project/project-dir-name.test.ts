import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { folderNameForTitle, suggestProjectDir } from './project-dir-name';
import { makeTempDir, removeTempDir } from './test-fixtures';

let parent: string;
beforeEach(async () => {
  parent = await makeTempDir('rt-dirname-');
});
afterEach(async () => {
  await removeTempDir(parent);
});

describe('folderNameForTitle', () => {
  it.each([
    ['Episode 12: The Return', 'Episode 12- The Return'],
    ['  ../../etc  ', 'etc'],
    ['Café für alle', 'Café für alle'],
    ['a/b\\c', 'a-b-c'],
    ['???', 'Untitled'],
    ['CON', 'Untitled'],
    ['x'.repeat(100), 'x'.repeat(60)],
  ])('%j -> %j', (title, name) => {
    expect(folderNameForTitle(title)).toBe(name);
  });
});

describe('suggestProjectDir', () => {
  it('numbers the folder when the name is taken', async () => {
    expect(await suggestProjectDir(parent, 'Show')).toBe(path.join(parent, 'Show'));
    await fs.mkdir(path.join(parent, 'Show'));
    await fs.mkdir(path.join(parent, 'Show 2'));
    expect(await suggestProjectDir(parent, 'Show')).toBe(path.join(parent, 'Show 3'));
  });
});
