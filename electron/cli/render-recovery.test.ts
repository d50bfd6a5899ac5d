/**
 * `roundtable render` under the watchdog, as a user runs it (a child process, real worker, real files): an
 * always-crashing worker stops after the restart policy and a rerun renders only what is missing; a render
 * that cannot fit is refused up front.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { HANG_GUARD_MS } from '../../test-support/hang-guard';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(ROOT, 'bin/roundtable.js');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-cli-recovery-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function run(dataDir: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    env: {
      ...process.env,
      ROUNDTABLE_DATA_DIR: dataDir,
      ROUNDTABLE_FAULTS: '',
      ROUNDTABLE_FAULTS_STATE: '',
      ...env,
    },
    encoding: 'utf8',
    cwd: work,
    timeout: HANG_GUARD_MS,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Committed takes in the data folder's shared cache, with when each was written. */
function cachedTakes(dataDir: string): Map<string, number> {
  const dir = path.join(dataDir, 'cache', 'takes');
  if (!fs.existsSync(dir)) return new Map();
  return new Map(
    fs
      .readdirSync(dir)
      .filter((name) => name.endsWith('.wav'))
      .map((name) => [name, fs.statSync(path.join(dir, name)).mtimeMs]),
  );
}

// One sentence per turn: one chunk each, so the injected fault's chunk count is a turn count.
const SCRIPT = Array.from({ length: 10 }, (_, i) =>
  i % 2 === 0
    ? `Host: This is line ${i + 1} of our little show.`
    : `Guest: And this is my answer number ${i + 1}.`,
).join('\n');

describe('roundtable render under the watchdog', () => {
  it('stops an always-crashing worker after the restart policy, keeps finished turns, and reruns only the rest', () => {
    const dataDir = path.join(work, 'crash-data');
    const script = path.join(work, 'crash.txt');
    const out = path.join(work, 'crash-out', 'show.wav');
    fs.mkdirSync(path.dirname(out));
    fs.writeFileSync(script, SCRIPT);

    // Every worker process dies at its third chunk: 3 restarts are allowed in 5 minutes, then it stops.
    const first = run(dataDir, ['render', script, '-o', out], { ROUNDTABLE_FAULTS: 'exit@chunk:3' });
    expect(first.code).toBe(2);
    expect(first.stderr).toContain(
      'watchdog: the inference worker crashed or hung 3 times within 5 minutes; rendering stopped. Finished turns are kept.',
    );
    expect(first.stderr).toContain(
      'roundtable: 2 of 10 turns could not be rendered; no episode was written:',
    );
    // Each turn that did not render is named by its line and speaker, with the reason.
    expect(first.stderr.match(/^ {2}line \d+ \((Host|Guest)\): \S.* — ".+"$/gm)).toHaveLength(2);
    expect(first.stderr).toContain(
      'the finished turns are cached: run the same command again to render only the rest',
    );
    expect(first.stderr.match(/^watchdog: the inference worker crashed; retrying "/gm)).toHaveLength(4);
    expect(first.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack traces
    expect(fs.existsSync(out)).toBe(false);
    const kept = cachedTakes(dataDir);
    expect(kept.size).toBe(8);

    const second = run(dataDir, ['render', script, '-o', out]);
    expect(second.stderr).toContain('plan: 2 turns to render (8 from the cache)');
    expect(second.stderr).toMatch(/^plan: espeak \(2 turns\): Fits: /m);
    expect(second.code).toBe(0);
    expect(fs.existsSync(out)).toBe(true);
    const after = cachedTakes(dataDir);
    expect(after.size).toBe(10);
    // The 8 finished takes were served from the cache, not rendered again.
    for (const [name, mtimeMs] of kept) expect(after.get(name), name).toBe(mtimeMs);
  }, 600_000); // two renders and four worker crashes: a hang guard for a busy machine

  it('starts a worker that died while starting again, and the render finishes', () => {
    const dataDir = path.join(work, 'start-crash-data');
    const script = path.join(work, 'start-crash.txt');
    const out = path.join(work, 'start-crash-out', 'show.wav');
    fs.mkdirSync(path.dirname(out));
    fs.writeFileSync(script, 'Host: Hello there.\nGuest: Hello back.\n');
    const state = path.join(work, 'start-crash-faults');
    // The first worker is killed before it says ready (a driver crash, an antivirus); the next one lives.
    const result = run(dataDir, ['render', script, '-o', out], {
      ROUNDTABLE_FAULTS: 'abort@start',
      ROUNDTABLE_FAULTS_STATE: state,
    });
    expect(result.stderr).not.toContain('roundtable: the inference worker');
    expect(result.code, result.stderr).toBe(0);
    expect(fs.readFileSync(state, 'utf8')).toBe('0:abort@start\n');
    expect(fs.existsSync(out)).toBe(true);
    expect(cachedTakes(dataDir).size).toBe(2);
  }, 300_000);

  it('refuses a render that cannot fit before rendering anything, saying what to change', () => {
    const dataDir = path.join(work, 'huge-data');
    fs.mkdirSync(dataDir, { recursive: true });
    // Calibrated as if every character had needed a petabyte.
    fs.writeFileSync(
      path.join(dataDir, 'calibration.json'),
      JSON.stringify({
        version: 1,
        models: { 'espeak|wasm': { loads: [], chunks: [{ peakBytes: 2 ** 50, chunkChars: 1, atMs: 0 }] } },
      }),
    );
    const script = path.join(work, 'huge.txt');
    fs.writeFileSync(script, 'Host: Hello there.\nGuest: Hello back.\n');
    const out = path.join(work, 'huge-out', 'show.wav');
    fs.mkdirSync(path.dirname(out));

    const result = run(dataDir, ['render', script, '-o', out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^roundtable: this render would not fit in memory, so nothing was rendered:\n {2}2 turns to render, about .* in all\n {2}espeak \(2 turns\): Will not fit on the CPU: espeak \(\d+ MiB\) with its largest chunk \(\d+ characters\) needs about \d+ GiB, but only .* of RAM is free after keeping .* in reserve\.\nWhat to change:\n {2}- /m,
    );
    expect(result.stderr).not.toContain('rendering [');
    expect(cachedTakes(dataDir).size).toBe(0);
    expect(fs.existsSync(out)).toBe(false);
  });
});
