/**
 * Pocket TTS through the real loader and the real command: a folder laid out as the published export
 * (test graphs) is imported (contract of all five graphs checked, licence recorded), its reference sample
 * renders a speaker's turns, and a worker killed in the middle of the autoregressive loop is restarted
 * and the turn rendered again.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliRunner } from '../../electron/cli/testing/run-cli';
import { meanVolumeDb } from '../../electron/cli/testing/ffmpeg-oracle';
import { writePocketTestPack } from './pocket-test-pack';
import { makeTempDir } from './test-helpers';

const temp = makeTempDir('pocket-cli');
const env = { ...process.env, ROUNDTABLE_DATA_DIR: path.join(temp.dir, 'data'), ROUNDTABLE_FAULTS: '' };
const run = cliRunner(env, temp.dir);
afterAll(() => temp.cleanup());

const SCRIPT =
  'Host: Welcome back to the show.\nGuest: Thank you, it is good to be here.\nHost: Let us begin.\n';

describe('Pocket TTS from the command line', { timeout: 300_000 }, () => {
  it('imports the published layout and renders turns with a cloned voice', async () => {
    const download = path.join(temp.dir, 'dl', 'pocket-tts-onnx');
    await writePocketTestPack(download, { withInt8: true });
    const imported = run(['models', 'import', download, '--json']);
    expect(imported.code, imported.stderr).toBe(0);
    const manifest = JSON.parse(imported.stdout) as {
      engine: string;
      license: string;
      files: { path: string; key?: string }[];
    };
    expect(manifest.engine).toBe('pocket-tts');
    expect(manifest.license).toBe('cc-by-4.0');
    expect(manifest.files.find((file) => file.key === 'flow_lm_main')?.path).toBe(
      'onnx/flow_lm_main_int8.onnx',
    );
    expect(manifest.files.find((file) => file.key === 'text_conditioner')?.path).toBe(
      'onnx/text_conditioner.onnx',
    );

    const voices = JSON.parse(run(['voices', '--engine', 'pocket-tts', '--json']).stdout) as {
      id: string;
      model: string;
    }[];
    expect(voices).toEqual([expect.objectContaining({ id: 'reference_sample', model: 'pocket-tts-onnx' })]);

    const script = path.join(temp.dir, 'episode.txt');
    fs.writeFileSync(script, SCRIPT);
    const out = path.join(temp.dir, 'episode.wav');
    const rendered = run([
      'render',
      script,
      '-o',
      out,
      '--json',
      '--voice',
      'Host=pocket-tts:pocket-tts-onnx/reference_sample',
    ]);
    expect(rendered.code, rendered.stderr).toBe(0);
    expect(
      (JSON.parse(rendered.stdout) as { checks: { ok: boolean; turnsChecked: number } }).checks,
    ).toMatchObject({
      ok: true,
      turnsChecked: 3,
    });
    expect(meanVolumeDb(out, 0, 60_000)).toBeGreaterThan(-40);
    // The clip was encoded once and kept beside the take cache.
    const cache = path.join(temp.dir, 'data', 'cache', 'voices');
    expect(fs.readdirSync(cache).flatMap((dir) => fs.readdirSync(path.join(cache, dir)))).toEqual([
      'voice_reference_sample.emb',
    ]);
  });

  it('recovers from a worker that dies in the middle of the loop', () => {
    const state = path.join(temp.dir, 'faults.state');
    const crashing = cliRunner(
      { ...env, ROUNDTABLE_FAULTS: 'abort@audio:4', ROUNDTABLE_FAULTS_STATE: state },
      temp.dir,
    );
    const script = path.join(temp.dir, 'crash.txt');
    fs.writeFileSync(script, 'Host: A turn rendered across a crash of its worker.\n');
    const out = path.join(temp.dir, 'crash.wav');
    const rendered = crashing([
      'render',
      script,
      '-o',
      out,
      '--voice',
      'Host=pocket-tts:pocket-tts-onnx/reference_sample',
    ]);
    expect(rendered.code, rendered.stderr).toBe(0);
    expect(fs.readFileSync(state, 'utf8')).toContain('abort@audio:4');
    expect(rendered.stderr + rendered.stdout).toMatch(/restart|crash/i);
    expect(meanVolumeDb(out, 0, 60_000)).toBeGreaterThan(-40);
  });
});
