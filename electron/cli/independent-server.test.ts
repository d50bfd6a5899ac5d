/**
 * Interoperability: a speech server written by someone else from OpenAI's published "Create speech"
 * reference alone (test-support/independent-speech-server/server.py: Python's standard library and the
 * espeak-ng command line; its author never saw this code base). The studio's server engine must render
 * through it as through any OpenAI-compatible server: discover its models, render a 2-speaker script,
 * get distinct voices, and refuse what the server refuses with the server's own words.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliWorkspace, ROOT } from './testing/run-cli';
import { HANG_GUARD_MS } from '../../test-support/hang-guard';

const SERVER = path.join(ROOT, 'test-support/independent-speech-server/server.py');
const { work, run } = cliWorkspace([], 'rt-independent-');
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

const missing = ['python3', 'espeak-ng'].filter(
  (command) => spawnSync('sh', ['-c', `command -v ${command}`]).status !== 0,
);
if (missing.length > 0)
  console.warn(`independent-server.test.ts did NOT run: ${missing.join(' and ')} not on PATH`);

async function startServer(extra: string[] = []): Promise<string> {
  const child = spawn('python3', [SERVER, '--port', '0', '--quiet', ...extra], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  let out = '';
  child.stdout?.on('data', (data: Buffer) => (out += data.toString()));
  await expect.poll(() => /LISTENING (\S+)/.test(out), { timeout: HANG_GUARD_MS }).toBe(true);
  return /LISTENING (\S+)/.exec(out)![1]!;
}

function wavSeconds(file: string): number {
  const probe = spawnSync(
    'ffprobe',
    ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file],
    {
      encoding: 'utf8',
    },
  );
  return Number(probe.stdout.trim());
}

describe.skipIf(missing.length > 0)('a speech server written independently from the OpenAI spec', () => {
  it('is discovered, tested and renders a 2-speaker episode in two of its voices', async () => {
    const url = await startServer();
    const added = run(['engines', 'add', 'indie', '--url', url, '--model', 'tts-1']);
    expect(added.code, added.stderr).toBe(0);
    const tested = run(['engines', 'test', 'indie']);
    expect(tested.code, tested.stdout + tested.stderr).toBe(0);
    expect(tested.stdout).toContain('tts-1');

    fs.writeFileSync(
      path.join(work, 'episode.txt'),
      [
        'Host: Welcome back to the show, where servers talk to each other.',
        'Guest: Thanks for having me. This voice comes from a server nobody here wrote.',
        'Host: And the episode still comes out whole.',
      ].join('\n'),
    );
    const out = path.join(work, 'episode.wav');
    const render = run([
      'render',
      'episode.txt',
      '-o',
      out,
      '--json',
      '--voice',
      'Host=indie:tts-1/alloy',
      '--voice',
      'Guest=indie:tts-1/onyx',
    ]);
    expect(render.code, render.stderr).toBe(0);
    const summary = JSON.parse(render.stdout) as { checks?: { ok: boolean } };
    expect(summary.checks?.ok).toBe(true);
    const transcript = JSON.parse(fs.readFileSync(path.join(work, 'episode.json'), 'utf8')) as {
      turns: { speaker: string; startMs: number; endMs: number }[];
    };
    expect(transcript.turns.map((turn) => turn.speaker)).toEqual(['Host', 'Guest', 'Host']);
    // Real speech of these lengths, not a blip: at least ~0.1 s per word heard by ffprobe.
    expect(wavSeconds(out)).toBeGreaterThan(5);
  });

  it('says what the server said when it refuses a request (an unknown voice is its 400, not a retry)', async () => {
    const url = await startServer();
    expect(run(['engines', 'add', 'indie2', '--url', url, '--model', 'tts-1']).code).toBe(0);
    fs.writeFileSync(path.join(work, 'one.txt'), 'Host: A voice this server does not have.\n');
    const render = run([
      'render',
      'one.txt',
      '-o',
      path.join(work, 'one.wav'),
      '--voice',
      'Host=indie2:tts-1/nobody',
    ]);
    expect(render.code).not.toBe(0);
    expect(render.stderr).toMatch(/nobody/);
    expect(fs.existsSync(path.join(work, 'one.wav'))).toBe(false);
  });
});
