/** `roundtable models ...` on the test packs: import, list, verify (intact and damaged), remove, usage. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createModelsCommand, runModelsCommand } from '../../electron/cli/commands/models';
import { inProcessInspector } from '../../electron/host/models/in-process-inspector';
import { ModelPacks } from '../../electron/host/models/model-packs';
import { writeKokoroTestPack, writePiperTestPack } from './test-packs';
import { makeTempDir } from './test-helpers';

const temp = makeTempDir('models-cli');
const modelsDir = path.join(temp.dir, 'data', 'models');
const command = createModelsCommand({
  packs: (dir) => new ModelPacks({ modelsDir: dir, inspector: inProcessInspector }),
});
afterAll(() => temp.cleanup());

async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await command([...args, '--models-dir', modelsDir], {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  });
  return { code, stdout, stderr };
}

describe('roundtable models', () => {
  it('imports, lists, verifies, reports damage and removes', async () => {
    const kokoroDir = path.join(temp.dir, 'dl', 'kokoro-test');
    const piperDir = path.join(temp.dir, 'dl', 'en_US-test-medium');
    await writeKokoroTestPack(kokoroDir);
    await writePiperTestPack(piperDir, { numSpeakers: 2 });

    const imported = await run('import', kokoroDir, '--license', 'Apache-2.0');
    expect(imported).toMatchObject({ code: 0, stderr: '' });
    expect(imported.stdout).toMatch(
      /^imported kokoro-test {2}kokoro {2}2 voices {2}24000 Hz .* license: Apache-2\.0\n$/,
    );
    expect((await run('import', piperDir, '--json')).stdout).toContain('"engine": "piper"');
    expect((await run('import', piperDir)).code).toBe(1);

    const listed = await run('list');
    expect(
      listed.stdout
        .trim()
        .split('\n')
        .map((line) => line.split('  ')[0]),
    ).toEqual(['en_US-test-medium', 'kokoro-test']);
    const json = JSON.parse((await run('list', '--json')).stdout) as { packs: Array<{ id: string }> };
    expect(json.packs.map((pack) => pack.id)).toEqual(['en_US-test-medium', 'kokoro-test']);

    const verified = await run('verify', '--load');
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/ok {6}en_US-test-medium .*\nok {6}kokoro-test /);

    fs.appendFileSync(path.join(modelsDir, 'kokoro-test', 'voices', 'af_test.bin'), Buffer.alloc(1024));
    const damaged = await run('verify', 'kokoro-test');
    expect(damaged.code).toBe(1);
    expect(damaged.stdout).toBe('FAILED  kokoro-test\n');
    expect(damaged.stderr).toContain('file-mismatch: voices/af_test.bin has');
    expect(damaged.stderr).toContain('--replace');

    expect(await run('remove', 'kokoro-test')).toMatchObject({ code: 0, stdout: 'removed kokoro-test\n' });
    expect((await run('remove', 'kokoro-test')).stderr).toMatch(
      /no model pack "kokoro-test".*\nList the installed packs/,
    );
  });

  it('answers usage mistakes with exit code 2 and the usage', async () => {
    expect((await run()).code).toBe(0); // no command lists the packs
    expect(await run('frobnicate')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('Usage: roundtable models'),
    });
    expect((await run('import')).code).toBe(2);
    expect((await run('list', '--bogus')).code).toBe(2);
    expect(await run('help')).toMatchObject({ code: 0, stdout: expect.stringContaining('verify [<id>...]') });
  });

  it('uses <data folder>/models, with ROUNDTABLE_DATA_DIR overriding the data folder', async () => {
    const dataDir = path.join(temp.dir, 'env-data');
    const previous = process.env.ROUNDTABLE_DATA_DIR;
    process.env.ROUNDTABLE_DATA_DIR = dataDir;
    try {
      let stdout = '';
      const code = await runModelsCommand(['list'], { stdout: (text) => (stdout += text), stderr: () => {} });
      expect(code).toBe(0);
      expect(stdout).toContain(`no model packs in ${path.join(dataDir, 'models')}`);
    } finally {
      if (previous === undefined) delete process.env.ROUNDTABLE_DATA_DIR;
      else process.env.ROUNDTABLE_DATA_DIR = previous;
    }
  });
});
