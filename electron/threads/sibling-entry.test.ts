import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WorkerToHost } from '../../shared/protocol/worker-protocol';
import { forkWorker } from '../host/worker/worker-channel';
import { SIBLING_ENTRIES } from '../build/bundle';
import { EspeakPool } from '../worker/espeak/espeak-pool';
import { CPU_PROFILE_DIR_ENV, PREBUILT_SIBLINGS_ENV, siblingEntry, siblingExecArgv } from './sibling-entry';

const prebuiltBySetup = process.env[PREBUILT_SIBLINGS_ENV];
/** A file, not a folder. */
const REPO_FILE = fileURLToPath(import.meta.url);

afterEach(() => {
  vi.unstubAllEnvs();
});

/** Forks the inference worker and resolves with its first message (the worker says `ready` once loaded). */
function firstMessageOfWorker(): Promise<WorkerToHost> {
  const channel = forkWorker({ ...process.env });
  return new Promise((resolve, reject) => {
    channel.onMessage((message) => {
      channel.kill();
      resolve(message);
    });
    channel.onExit((code, signal) => reject(new Error(`worker exited (${code ?? signal}) before a message`)));
  });
}

describe('siblingEntry', () => {
  it('finds the bundled entry next to a bundled caller, whatever the environment says', () => {
    vi.stubEnv(PREBUILT_SIBLINGS_ENV, '/somewhere/else');
    const entry = siblingEntry(
      'file:///opt/roundtable/dist/cli/main.js',
      '../worker/worker-main',
      'worker-main',
    );
    expect(entry).toEqual({
      kind: 'bundled',
      url: new URL('file:///opt/roundtable/dist/cli/worker-main.js'),
    });
    expect(siblingExecArgv(entry)).toEqual([]);
  });

  it('runs a TypeScript caller’s sibling from its source under tsx, or from the prebuilt folder when one is named', () => {
    const caller = pathToFileURL('/repo/electron/host/export/episode-recorder.ts').href;
    vi.stubEnv(PREBUILT_SIBLINGS_ENV, '');
    const source = siblingEntry(caller, './recording/recording-thread', 'recording-thread');
    expect(source.kind).toBe('source');
    expect(fileURLToPath(source.url)).toBe('/repo/electron/host/export/recording/recording-thread.ts');
    expect(siblingExecArgv(source)).toEqual(['--import', expect.stringMatching(/tsx/)]);

    vi.stubEnv(PREBUILT_SIBLINGS_ENV, '/tmp/prebuilt');
    const prebuilt = siblingEntry(caller, './recording/recording-thread', 'recording-thread');
    expect(prebuilt).toEqual({ kind: 'bundled', url: pathToFileURL('/tmp/prebuilt/recording-thread.js') });
  });

  it('the test set-up built every sibling the sources start', () => {
    expect(prebuiltBySetup).toBeTruthy();
    for (const name of SIBLING_ENTRIES.map((entry) => entry.outFile.replace(/\.js$/, ''))) {
      expect(fs.existsSync(`${prebuiltBySetup}/${name}.js`), name).toBe(true);
    }
  });

  // The source path is what the CLI runs without its bundle, and dev: it must keep working.
  it('starts the inference worker from its TypeScript source, and from the prebuilt bundle', async () => {
    vi.stubEnv(PREBUILT_SIBLINGS_ENV, '');
    expect(await firstMessageOfWorker()).toMatchObject({ type: 'ready' });
    vi.stubEnv(PREBUILT_SIBLINGS_ENV, prebuiltBySetup);
    expect(await firstMessageOfWorker()).toMatchObject({ type: 'ready' });
  });

  it('starts a thread from its TypeScript source (espeak), and it renders', async () => {
    vi.stubEnv(PREBUILT_SIBLINGS_ENV, '');
    const pool = new EspeakPool(1);
    try {
      let samples = 0;
      const result = await pool.synthesize(
        'One thread from source.',
        { voice: 'en-us', wordsPerMinute: 175, pitch: 50 },
        new AbortController().signal,
        (pcm) => (samples += pcm.length),
      );
      expect(result.cancelled).toBe(false);
      expect(samples).toBeGreaterThan(5_000);
    } finally {
      await pool.dispose();
    }
  });

  it('writes a CPU profile of a forked sibling and its threads into the folder the environment names', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-cpu-prof-'));
    try {
      const entry = siblingEntry(import.meta.url, '../worker/worker-main', 'worker-main');
      expect(siblingExecArgv(entry, { [CPU_PROFILE_DIR_ENV]: dir })).toEqual(
        expect.arrayContaining(['--cpu-prof', `--cpu-prof-dir=${dir}`]),
      );
      expect(siblingExecArgv(entry, {})).not.toContain('--cpu-prof');
      // A folder that is not there (or not a folder) gets no flags and one warning: Node would make it
      // itself at exit, and under /proc its recursive mkdir never returns (the process spins for ever).
      const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
      try {
        for (const bad of ['/proc/nope', path.join(dir, 'missing'), path.join(REPO_FILE)]) {
          expect(siblingExecArgv(entry, { [CPU_PROFILE_DIR_ENV]: bad }), bad).not.toContain('--cpu-prof');
        }
        expect(warn).toHaveBeenCalledWith(
          expect.stringMatching(/\/proc\/nope is not a folder you can write/),
        );
      } finally {
        warn.mockRestore();
      }
      // The worker, started with the variable, writes its profile when it exits after a shutdown.
      const channel = forkWorker({ ...process.env, [CPU_PROFILE_DIR_ENV]: dir });
      const exited = new Promise<number | null>((resolve) => channel.onExit((code) => resolve(code)));
      await new Promise<void>((resolve) =>
        channel.onMessage((message) => {
          if (message.type === 'ready') resolve();
        }),
      );
      channel.postMessage({ type: 'shutdown', callId: 1 });
      expect(await exited).toBe(0);
      const profiles = fs.readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'));
      expect(profiles.length).toBeGreaterThanOrEqual(1);
      const profile = JSON.parse(fs.readFileSync(path.join(dir, profiles[0]!), 'utf8')) as {
        nodes: unknown[];
      };
      expect(profile.nodes.length).toBeGreaterThan(10);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
