import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir } from '../project/test-fixtures';
import { HANG_GUARD_MS } from '../../../test-support/hang-guard';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
let dir: string;
beforeEach(async () => {
  dir = await makeTempDir('rt-temp-files-');
});
afterEach(async () => {
  await removeTempDir(dir);
});

describe('temp files of this process', () => {
  it('are removed when the process exits with them still in flight (process.exit)', () => {
    const module = pathToFileURL(path.join(ROOT, 'electron/host/files/temp-files.ts')).href;
    const script = `
      import fs from 'node:fs';
      const { ownTempFile, tempPathFor } = await import(${JSON.stringify(module)});
      const temp = tempPathFor(${JSON.stringify(path.join(dir, 'ep.spool'))});
      fs.writeFileSync(temp, 'samples');
      ownTempFile(temp);
      fs.writeFileSync(${JSON.stringify(path.join(dir, 'kept.txt'))}, 'not a temp file');
      process.exit(3);
    `;
    const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: HANG_GUARD_MS,
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(3);
    expect(fs.readdirSync(dir)).toEqual(['kept.txt']);
  });
});
