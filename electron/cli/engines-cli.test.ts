/**
 * Speech servers from the command line, as a user runs it: fake servers in their own processes, the
 * `roundtable` command in another, real files and audio. A pool of three renders a 4-speaker script while
 * one of them is killed half-way: the episode is complete and no turn is lost.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, cliWorkspace } from './testing/run-cli';
import { fakeServerProcessArgs } from '../../test-support/fake-speech-server/process-command';
import { HANG_GUARD_MS } from '../../test-support/hang-guard';

const FAKE = fakeServerProcessArgs();
const { work, env, run } = cliWorkspace([], 'rt-engines-');
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

interface FakeProcess {
  url: string;
  child: ChildProcess;
  requests: () => number;
}

async function startFake(latencyMs: number): Promise<FakeProcess> {
  const child = spawn(process.execPath, [...FAKE.args, '--latency-ms', String(latencyMs), '--log-requests'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  let out = '';
  child.stdout?.on('data', (data: Buffer) => (out += data.toString()));
  await expect.poll(() => /"url"/.test(out), { timeout: HANG_GUARD_MS }).toBe(true);
  const url = (JSON.parse(out.split('\n')[0] ?? '{}') as { url: string }).url;
  return { url, child, requests: () => out.split('\n').filter((line) => line === 'speech request').length };
}

const SCRIPT = Array.from({ length: 16 }, (_, index) => {
  const speaker = ['Host', 'Guest', 'Critic', 'Producer'][index % 4];
  return `${speaker}: This is turn number ${index + 1}, and it says something worth hearing.`;
}).join('\n');

describe('roundtable engines and a pool of speech servers', () => {
  it('refuses bad input with messages that say what to fix', () => {
    expect(run(['engines', 'add', 'lab'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('needs --url'),
    });
    expect(run(['engines', 'add', 'lab', '--url', 'ftp://x', '--model', 'm'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('http:// or https://'),
    });
    expect(run(['engines', 'add', 'lab', '--url', 'http://127.0.0.1:1'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--model'),
    });
    expect(run(['engines', 'add', 'espeak', '--url', 'http://127.0.0.1:1', '--model', 'm'])).toMatchObject({
      code: 2,
    });
    expect(run(['engines', 'remove', 'nothing'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('no engine "nothing"'),
    });
    expect(run(['engines', 'list'])).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('nothing leaves this machine'),
    });
  });

  it('marks endpoints off this machine as remote and stores no key', () => {
    const added = run([
      'engines',
      'add',
      'far',
      '--url',
      'https://tts.example.com/v1',
      '--model',
      'tts-1',
      '--api-key-env',
      'FAR_KEY',
    ]);
    expect(added.code).toBe(0);
    expect(added.stdout).toContain('remote: renders with it send text to https://tts.example.com/v1');
    const listed = JSON.parse(run(['engines', 'list', '--json']).stdout) as {
      name: string;
      endpoints: { remote: boolean; apiKeyEnv?: string }[];
    }[];
    expect(listed.find((engine) => engine.name === 'far')?.endpoints).toEqual([
      expect.objectContaining({ remote: true, apiKeyEnv: 'FAR_KEY' }),
    ]);
    expect(run(['engines', 'remove', 'far']).code).toBe(0);
  });

  it('renders a 4-speaker script through a pool of 3 with one killed mid-render: complete, no turn lost', async () => {
    const fakes = [await startFake(200), await startFake(1500), await startFake(200)];
    const [a, doomed, c] = fakes as [FakeProcess, FakeProcess, FakeProcess];
    for (const fake of fakes) {
      const added = run([
        'engines',
        'add',
        'pool',
        '--url',
        fake.url,
        '--model',
        'fake-tts',
        '--max-concurrent',
        '2',
      ]);
      expect(added.code, added.stderr).toBe(0);
    }
    const tested = run(['engines', 'test', 'pool']);
    expect(tested.code, tested.stdout).toBe(0);
    expect(tested.stdout).toContain('voices: alloy, echo, fable, nova, onyx, shimmer');
    const voices = JSON.parse(run(['voices', '--engine', 'pool', '--json']).stdout) as {
      engine: string;
      model: string;
      id: string;
    }[];
    expect(voices.map((voice) => `${voice.engine}:${voice.model}/${voice.id}`)).toContain(
      'pool:fake-tts/alloy',
    );

    fs.writeFileSync(path.join(work, 'episode.txt'), SCRIPT);
    const out = path.join(work, 'episode.wav');
    const render = spawn(
      process.execPath,
      [
        BIN,
        'render',
        'episode.txt',
        '-o',
        out,
        '--json',
        '--voice',
        'Host=pool:fake-tts/alloy',
        '--voice',
        'Guest=pool:fake-tts/echo',
        '--voice',
        'Critic=pool:fake-tts/fable',
        '--voice',
        'Producer=pool:fake-tts/nova',
      ],
      { env, cwd: work, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    children.push(render);
    let stdout = '';
    let stderr = '';
    render.stdout?.on('data', (data: Buffer) => (stdout += data.toString()));
    render.stderr?.on('data', (data: Buffer) => (stderr += data.toString()));
    const exited = new Promise<number | null>((resolve) => render.on('exit', (code) => resolve(code)));
    // Killed while it holds a request (its latency is long) and once the others have finished turns.
    await expect
      .poll(() => doomed.requests() >= 1 && a.requests() + c.requests() >= 3, {
        timeout: HANG_GUARD_MS,
        interval: 20,
      })
      .toBe(true);
    doomed.child.kill('SIGKILL');
    const code = await exited;
    expect(code, stderr).toBe(0);
    expect(stderr).toContain(`plan: pool renders on ${a.url} (this machine), 2 at once`);
    expect(stderr).toMatch(/rendered 16 turns/);
    const summary = JSON.parse(stdout) as { checks?: { ok: boolean } };
    expect(summary.checks?.ok).toBe(true);
    const transcript = JSON.parse(fs.readFileSync(path.join(work, 'episode.json'), 'utf8')) as {
      turns: { speaker: string; text: string }[];
    };
    expect(transcript.turns.map((turn) => `${turn.speaker}: ${turn.text}`)).toEqual(SCRIPT.split('\n'));
    // Every turn's take says which endpoint rendered it; the killed one rendered none after its death.
    const takes = fs
      .readdirSync(path.join(work, 'data/cache/takes'))
      .filter((name) => /^[0-9a-f]+\.json$/.test(name))
      .map(
        (name) =>
          JSON.parse(fs.readFileSync(path.join(work, 'data/cache/takes', name), 'utf8')) as {
            renderedBy?: string[];
          },
      );
    expect(takes.length).toBeGreaterThanOrEqual(16);
    expect(takes.every((take) => (take.renderedBy?.length ?? 0) > 0)).toBe(true);
    const by = new Set(takes.flatMap((take) => take.renderedBy ?? []));
    expect(by.has(a.url) && by.has(c.url)).toBe(true);
  }, 300_000);

  it('renders a 4-speaker script through a managed sidecar (a fake speech server the CLI starts) and leaves no process', () => {
    const command = `${process.execPath} ${FAKE.args.join(' ')} --port {port} --dialect audiocpp`;
    const added = run([
      'engines',
      'add',
      'side',
      '--command',
      command,
      '--health-path',
      '/v1/models',
      '--load-timeout',
      '120',
      '--speech-model',
      'fake-tts',
    ]);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain('local: text stays on this machine');
    const tested = run(['engines', 'test', 'side']);
    expect(tested.code, tested.stdout).toBe(0);
    expect(tested.stdout).toMatch(/started and healthy in \d+ ms; models: fake-tts; stopped again/);
    fs.writeFileSync(path.join(work, 'side.txt'), SCRIPT.split('\n').slice(0, 8).join('\n'));
    const rendered = run([
      'render',
      'side.txt',
      '-o',
      path.join(work, 'side.wav'),
      '--voice',
      'Host=side:fake-tts/alloy',
      '--voice',
      'Guest=side:fake-tts/echo',
      '--voice',
      'Critic=side:fake-tts/fable',
      '--voice',
      'Producer=side:fake-tts/nova',
    ]);
    expect(rendered.code, rendered.stderr).toBe(0);
    expect(rendered.stderr).toContain('rendered by: sidecar side (8 turns)');
    // The sidecar was stopped with the CLI: no fake server is left running with this data folder's command.
    const left = spawnSync('pgrep', ['-f', `${FAKE.script} --port`], { encoding: 'utf8' }).stdout.trim();
    expect(left).toBe('');
  }, 300_000);
});
