/**
 * Chatterbox Turbo through the real loader and the real command: a folder laid out as
 * ResembleAI/chatterbox-turbo-ONNX (test graphs) is imported (all four graphs checked, their weights
 * carried, MIT recorded), a speaker gets a voice from a clip with `--voice-clip ... --consent` (stored,
 * encoded once by its sha256), a speaker without a clip is told to give one, and a worker killed in the
 * middle of the autoregressive loop is restarted and the turn rendered again.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliRunner } from '../../electron/cli/testing/run-cli';
import { meanVolumeDb } from '../../electron/cli/testing/ffmpeg-oracle';
import { speechWav } from '../../electron/host/clips/testing/clip-fixtures';
import { writeChatterboxTestPack } from './chatterbox-test-pack';
import { makeTempDir } from './test-helpers';

const temp = makeTempDir('chatterbox-cli');
const env = { ...process.env, ROUNDTABLE_DATA_DIR: path.join(temp.dir, 'data'), ROUNDTABLE_FAULTS: '' };
const run = cliRunner(env, temp.dir);
afterAll(() => temp.cleanup());

const VOICE = 'Guest=chatterbox-turbo:chatterbox-turbo/clip';
const CLIP = 'Guest=guest.wav;start=1;end=5';

describe('Chatterbox Turbo from the command line', { timeout: 600_000 }, () => {
  it('imports the published layout and renders a speaker in a voice from a clip', async () => {
    const download = path.join(temp.dir, 'dl', 'chatterbox-turbo-ONNX');
    await writeChatterboxTestPack(download);
    const imported = run(['models', 'import', download, '--id', 'chatterbox-turbo', '--json']);
    expect(imported.code, imported.stderr).toBe(0);
    const manifest = JSON.parse(imported.stdout) as {
      engine: string;
      license: string;
      files: { path: string; role: string; key?: string }[];
    };
    expect(manifest.engine).toBe('chatterbox-turbo');
    expect(manifest.license).toBe('mit');
    expect(manifest.files.find((file) => file.key === 'language_model')?.path).toBe(
      'onnx/language_model.onnx',
    );
    expect(manifest.files.filter((file) => file.role === 'weights')).toHaveLength(4);
    const shown = run(['models', 'list']);
    expect(shown.stdout).toMatch(/chatterbox-turbo/);
    expect(shown.stdout).toMatch(/mit/);

    const voices = JSON.parse(run(['voices', '--engine', 'chatterbox-turbo', '--json']).stdout) as {
      id: string;
      model: string;
    }[];
    expect(voices).toEqual([expect.objectContaining({ id: 'clip', model: 'chatterbox-turbo' })]);

    fs.writeFileSync(path.join(temp.dir, 'guest.wav'), speechWav(6));
    fs.writeFileSync(
      path.join(temp.dir, 'script.txt'),
      'Guest: Thank you, it is good to be here. We should begin.\nGuest: Shall we?\n',
    );
    const rendered = run([
      'render',
      'script.txt',
      '-o',
      'episode.wav',
      '--json',
      '--voice',
      VOICE,
      '--voice-clip',
      CLIP,
      '--consent',
    ]);
    expect(rendered.code, rendered.stderr).toBe(0);
    expect(
      (JSON.parse(rendered.stdout) as { checks: { ok: boolean; turnsChecked: number } }).checks,
    ).toMatchObject({
      ok: true,
      turnsChecked: 2,
    });
    expect(meanVolumeDb(path.join(temp.dir, 'episode.wav'), 0, 60_000)).toBeGreaterThan(-40);
    const sha = fs
      .readdirSync(path.join(temp.dir, 'data', 'cache', 'clips'))
      .find((name) => name.endsWith('.wav'))
      ?.replace('.wav', '');
    expect(sha).toMatch(/^[0-9a-f]{64}$/);
    const cache = path.join(temp.dir, 'data', 'cache', 'voices');
    expect(fs.readdirSync(cache).flatMap((dir) => fs.readdirSync(path.join(cache, dir)))).toEqual([
      `${sha}.cbx`,
    ]);
  });

  it('tells a speaker without a clip to give one', () => {
    fs.writeFileSync(path.join(temp.dir, 'no-clip.txt'), 'Guest: Hello there.\n');
    const rendered = run(['render', 'no-clip.txt', '-o', 'no-clip.wav', '--voice', VOICE]);
    expect(rendered.code).not.toBe(0);
    expect(rendered.stderr).toMatch(/voice from a clip/);
  });

  it('recovers from a worker that dies in the middle of the loop', () => {
    const state = path.join(temp.dir, 'faults.state');
    const crashing = cliRunner(
      { ...env, ROUNDTABLE_FAULTS: 'abort@step:6', ROUNDTABLE_FAULTS_STATE: state },
      temp.dir,
    );
    fs.writeFileSync(
      path.join(temp.dir, 'crash.txt'),
      'Guest: A turn rendered across a crash of its worker.\n',
    );
    const rendered = crashing([
      'render',
      'crash.txt',
      '-o',
      'crash.wav',
      '--voice',
      VOICE,
      '--voice-clip',
      CLIP,
      '--consent',
    ]);
    expect(rendered.code, rendered.stderr).toBe(0);
    expect(fs.readFileSync(state, 'utf8')).toContain('abort@step:6');
    expect(rendered.stderr + rendered.stdout).toMatch(/restart|crash/i);
    expect(meanVolumeDb(path.join(temp.dir, 'crash.wav'), 0, 60_000)).toBeGreaterThan(-40);
  });
});
