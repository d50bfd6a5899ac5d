/**
 * Ctrl+C, SIGTERM and SIGHUP as a user sends them: real signals to a real `roundtable` process (alone, or to
 * its whole process group as a terminal does), then a check for leftover files beside the output and for
 * processes still running with this test's marker in their environment (the CLI, its worker, any child).
 * Signals are sent when the CLI says it has reached a phase, never after a sleep.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { pollUntil } from '../../test-support/poll';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(ROOT, 'bin/roundtable.js');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-cli-signals-'));
const started: ChildProcess[] = [];
afterAll(() => {
  for (const child of started)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  fs.rmSync(work, { recursive: true, force: true });
});

/** Processes whose environment holds RT_TEST_MARK=<mark> (Linux: /proc). */
function markedPids(mark: string): number[] {
  const pids: number[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (fs.readFileSync(`/proc/${name}/environ`, 'latin1').split('\0').includes(`RT_TEST_MARK=${mark}`))
        pids.push(Number(name));
    } catch {
      // gone, or not ours to read
    }
  }
  return pids;
}

interface Run {
  child: ChildProcess;
  mark: string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startCli(args: string[], env: NodeJS.ProcessEnv = {}): Run {
  const mark = randomUUID();
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: work,
    // Its own process group, so a signal to the group reaches what a terminal's Ctrl+C reaches.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      ROUNDTABLE_DATA_DIR: path.join(work, `data-${mark}`),
      ROUNDTABLE_FAULTS: '',
      ROUNDTABLE_FAULTS_STATE: '',
      RT_TEST_MARK: mark,
      ...env,
    },
  });
  started.push(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout?.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, mark, stderr: () => stderr, exited };
}

/** Waits until the CLI has printed `text` on stderr; fails with what it printed if it exits first. */
async function printed(run: Run, text: string): Promise<void> {
  await pollUntil(
    () => {
      if (run.stderr().includes(text)) return true;
      if (run.child.exitCode !== null || run.child.signalCode !== null)
        throw new Error(`the CLI exited before printing "${text}":\n${run.stderr()}`);
      return false;
    },
    `"${text}"`,
    120_000,
  );
}

/** An empty output folder (exports never create folders). */
function outFolder(name: string): string {
  const dir = path.join(work, name);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

function script(name: string, turns: number): string {
  const file = path.join(work, `${name}.txt`);
  fs.writeFileSync(
    file,
    Array.from({ length: turns }, (_, i) =>
      i % 2 === 0
        ? `Host: Line ${i + 1} of the show, and a fine one.`
        : `Guest: Answer ${i + 1}, as promised.`,
    ).join('\n'),
  );
  return file;
}

/** After the CLI exits: its output folder holds nothing (no partial, spool or half-written file). */
function filesLeftIn(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
}

async function expectCleanStop(run: Run, outDir: string, exitCode: number): Promise<void> {
  const { code } = await run.exited;
  const stderr = run.stderr();
  expect(code, stderr).toBe(exitCode);
  expect(stderr.trimEnd().split('\n').at(-1)).toBe(
    'roundtable: stopped; finished turns are kept in the take cache',
  );
  expect(stderr).not.toMatch(/EPIPE|TypeError|Error:|^\s+at /m);
  expect(filesLeftIn(outDir)).toEqual([]);
  // The worker was shut down before the CLI exited; a helper (tsx's esbuild service) may take a moment.
  await pollUntil(() => markedPids(run.mark).length === 0, 'no process left', 30_000);
}

const LINUX = process.platform === 'linux';

// Each test runs a real render; the timeout is a hang guard for a busy machine, not a time budget.
describe.skipIf(!LINUX)('roundtable stopped by a signal', { timeout: 300_000 }, () => {
  it('stops a render on SIGINT to the CLI alone: exit 130, one line, no file or process left', async () => {
    const outDir = outFolder('out-int');
    const run = startCli(['render', script('int', 1000), '-o', path.join(outDir, 'show.wav')]);
    await printed(run, 'rendering [');
    run.child.kill('SIGINT');
    await expectCleanStop(run, outDir, 130);
  });

  it('stops an MP3 export on Ctrl+C to the whole process group (the worker gets it too)', async () => {
    const outDir = outFolder('out-group');
    // Long gaps make a long episode from few turns: the export runs for a while.
    const run = startCli([
      'render',
      script('group', 20),
      '-o',
      path.join(outDir, 'show.mp3'),
      '--gap-ms',
      '60000',
    ]);
    await printed(run, 'exporting [');
    process.kill(-(run.child.pid as number), 'SIGINT');
    await expectCleanStop(run, outDir, 130);
  });

  it('stops on SIGTERM with exit 143', async () => {
    const outDir = outFolder('out-term');
    const run = startCli(['render', script('term', 1000), '-o', path.join(outDir, 'show.flac')]);
    await printed(run, 'rendering [');
    run.child.kill('SIGTERM');
    await expectCleanStop(run, outDir, 143);
  });

  it('a second Ctrl+C ends the CLI and its worker at once, even with the worker stuck', async () => {
    const outDir = outFolder('out-force');
    // The worker hangs in its second chunk (heartbeats stop), so the first Ctrl+C's clean stop would wait
    // for the hang to be detected.
    const run = startCli(['render', script('force', 1000), '-o', path.join(outDir, 'show.wav')], {
      ROUNDTABLE_FAULTS: 'hang@chunk:2',
    });
    // The worker must be stuck before the first Ctrl+C, or its clean stop could finish first.
    await printed(run, 'injected fault hang@chunk:2');
    let exited = false;
    void run.exited.then(() => (exited = true));
    // Signals of one kind do not queue: send until the CLI has gone.
    while (!exited) {
      if (run.child.exitCode === null) run.child.kill('SIGINT');
      await Promise.race([run.exited, new Promise((resolve) => setTimeout(resolve, 250))]);
    }
    const { code } = await run.exited;
    expect(code, run.stderr()).toBe(130);
    expect(run.stderr()).toContain('roundtable: stopped at once (SIGINT again)');
    expect(run.stderr()).not.toMatch(/EPIPE|TypeError|^\s+at /m);
    await pollUntil(() => markedPids(run.mark).length === 0, 'no process left', 30_000);
  });

  it('stops serve cleanly when its terminal closes (SIGHUP), as on Ctrl+C', async () => {
    let stdout = '';
    const run = startCli(['serve', '--port', '0']);
    run.child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    await pollUntil(() => stdout.includes('Roundtable Studio is serving at '), 'the address', 120_000);
    run.child.kill('SIGHUP');
    const { code, signal } = await run.exited;
    expect({ code, signal }, run.stderr()).toEqual({ code: 0, signal: null });
    expect(run.stderr()).toContain('roundtable serve: stopping (SIGHUP)');
    await pollUntil(() => markedPids(run.mark).length === 0, 'no process left', 30_000);
  });

  it('a worker whose CLI was killed outright exits by itself, without an EPIPE stack', async () => {
    const outDir = outFolder('out-kill');
    const run = startCli(['render', script('kill', 1000), '-o', path.join(outDir, 'show.wav')]);
    await printed(run, 'rendering [');
    const cli = run.child.pid as number;
    await pollUntil(
      () => markedPids(run.mark).filter((pid) => pid !== cli).length > 0,
      'the worker',
      120_000,
    );
    run.child.kill('SIGKILL');
    await run.exited;
    await pollUntil(() => markedPids(run.mark).length === 0, 'no process left', 30_000);
    // The worker writes to the same stderr pipe; it ended quietly.
    expect(run.stderr()).not.toMatch(/EPIPE|Error|^\s+at /m);
  });
});
