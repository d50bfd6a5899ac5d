/** `roundtable voices --engine <pack engine>` without a pack says how to import one instead of nothing. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliRunner } from './testing/run-cli';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-voices-cli-'));
const run = cliRunner({ ...process.env, ROUNDTABLE_DATA_DIR: path.join(work, 'data') }, work);
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('roundtable voices', () => {
  it('says how to import a pack when an engine has none', () => {
    for (const engine of ['kokoro', 'piper']) {
      const result = run(['voices', '--engine', engine]);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(
        `no ${engine} model pack is imported, so there are no ${engine} voices`,
      );
      expect(result.stderr).toContain('roundtable models import <folder>');
    }
  });
});
