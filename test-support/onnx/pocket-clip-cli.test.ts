/**
 * A speaker's voice from an imported reference clip through Pocket TTS's real loader and loop (test graphs):
 * `render --voice-clip ... --consent` stores the clip (clips/<sha256>.wav), the worker gets it as
 * SynthesizeRequest.reference and encodes it once (`<sha256>.emb` in the voice cache).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliRunner } from '../../electron/cli/testing/run-cli';
import { speechWav } from '../../electron/host/clips/testing/clip-fixtures';
import { writePocketTestPack } from './pocket-test-pack';
import { makeTempDir } from './test-helpers';

const temp = makeTempDir('pocket-clip-cli');
const env = { ...process.env, ROUNDTABLE_DATA_DIR: path.join(temp.dir, 'data'), ROUNDTABLE_FAULTS: '' };
const run = cliRunner(env, temp.dir);
afterAll(() => temp.cleanup());

describe('Pocket TTS with a voice from a clip', { timeout: 300_000 }, () => {
  it('renders the speaker with the stored clip, encoded once by its sha256', async () => {
    const download = path.join(temp.dir, 'dl', 'pocket-tts-onnx');
    await writePocketTestPack(download, { withInt8: true });
    expect(run(['models', 'import', download]).code).toBe(0);
    fs.writeFileSync(path.join(temp.dir, 'guest.wav'), speechWav(6));
    fs.writeFileSync(path.join(temp.dir, 'script.txt'), 'Guest: Thank you, it is good to be here.\n');
    const rendered = run([
      'render',
      'script.txt',
      '-o',
      'episode.wav',
      '--voice',
      'Guest=pocket-tts:pocket-tts-onnx/reference_sample',
      '--voice-clip',
      'Guest=guest.wav;start=1;end=5',
      '--consent',
    ]);
    expect(rendered.code, rendered.stderr).toBe(0);
    const clips = fs.readdirSync(path.join(temp.dir, 'data', 'cache', 'clips'));
    const sha = clips.find((name) => name.endsWith('.wav'))?.replace('.wav', '');
    expect(sha).toMatch(/^[0-9a-f]{64}$/);
    const cache = path.join(temp.dir, 'data', 'cache', 'voices');
    expect(fs.readdirSync(cache).flatMap((dir) => fs.readdirSync(path.join(cache, dir)))).toContain(
      `${sha}.emb`,
    );
  });
});
