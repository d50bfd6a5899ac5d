/**
 * Runs `roundtable serve --port 0` as a child process with a temporary ROUNDTABLE_DATA_DIR, reads the
 * address it prints, and stops it (SIGTERM, then SIGKILL) at the end. One server per Playwright worker
 * (`serve` fixture); tests that need a fresh one call `startServe()` themselves.
 *
 * ROUNDTABLE_SERVE_COMMAND (a JSON array, e.g. '["roundtable","serve"]') replaces the command, to test an
 * installed build; `--port 0` (and a test's own options) are appended.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base } from '@playwright/test';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The built UI serve will use (ROUNDTABLE_RENDERER_DIR overrides, as for `roundtable serve`). */
export const RENDERER_DIR = process.env.ROUNDTABLE_RENDERER_DIR
  ? path.resolve(process.env.ROUNDTABLE_RENDERER_DIR)
  : path.join(REPO_ROOT, 'dist', 'renderer');
const READY = /(http:\/\/127\.0\.0\.1:(\d+))\/\?token=([A-Za-z0-9_-]+)/;
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;

export interface ServeInstance {
  /** Address with the token, as printed. */
  readonly url: string;
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  /** `ws://127.0.0.1:<port>/api` (no token) */
  readonly wsUrl: string;
  readonly dataDir: string;
  /** Whether dist/renderer/index.html exists (UI tests need it; API tests do not). */
  readonly rendererBuilt: boolean;
  output(): string;
  stop(): Promise<void>;
}

export function rendererBuilt(): boolean {
  return fs.existsSync(path.join(RENDERER_DIR, 'index.html'));
}

export const RENDERER_MISSING_MESSAGE =
  'dist/renderer is missing: build the UI with `npm run build:renderer` (`npm run e2e` does it first).';

function serveCommand(extra: string[]): { command: string; args: string[] } {
  const custom = process.env.ROUNDTABLE_SERVE_COMMAND;
  if (custom) {
    const argv = JSON.parse(custom) as string[];
    const [command, ...args] = argv;
    if (!command) throw new Error('ROUNDTABLE_SERVE_COMMAND must be a non-empty JSON array');
    return { command, args: [...args, '--port', '0', ...extra] };
  }
  return {
    command: process.execPath,
    args: [path.join(REPO_ROOT, 'bin', 'roundtable.js'), 'serve', '--port', '0', ...extra],
  };
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(false);
    }, timeoutMs);
    const onExit = () => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once('exit', onExit);
  });
}

/** `args`: more `roundtable serve` options, e.g. `--allow-sidecar-commands`. */
export async function startServe(
  options: { env?: NodeJS.ProcessEnv; args?: string[] } = {},
): Promise<ServeInstance> {
  const built = rendererBuilt();
  if (!built) console.log(`[e2e] ${RENDERER_MISSING_MESSAGE} Starting serve anyway for API-level tests.`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'roundtable-e2e-data-'));
  const { command, args } = serveCommand(options.args ?? []);
  const child = spawn(command, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, ROUNDTABLE_DATA_DIR: dataDir, ROUNDTABLE_LOG: 'info', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));

  const cleanup = () => fs.rmSync(dataDir, { recursive: true, force: true });
  let match: RegExpExecArray | null;
  try {
    match = await new Promise<RegExpExecArray>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(
          new Error(`roundtable serve printed no address within ${START_TIMEOUT_MS} ms. Output:\n${output}`),
        );
      }, START_TIMEOUT_MS);
      const onData = () => {
        const found = READY.exec(output);
        if (found) {
          clearTimeout(timer);
          child.stdout?.off('data', onData);
          child.off('exit', onExit);
          resolve(found);
        }
      };
      const onExit = (code: number | null, signal: string | null) => {
        clearTimeout(timer);
        reject(
          new Error(
            `roundtable serve exited (code ${code}, signal ${signal}) before printing its address. ` +
              `Command: ${command} ${args.join(' ')}\nOutput:\n${output}`,
          ),
        );
      };
      child.stdout?.on('data', onData);
      child.once('exit', onExit);
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  } catch (error) {
    child.kill('SIGKILL');
    cleanup();
    throw error;
  }

  const [, origin = '', portText = '', token = ''] = match;
  let stopping: Promise<void> | undefined;
  return {
    url: match[0],
    origin,
    port: Number(portText),
    token,
    wsUrl: `${origin.replace(/^http/, 'ws')}/api`,
    dataDir,
    rendererBuilt: built,
    output: () => output,
    stop: () => {
      stopping ??= (async () => {
        child.kill('SIGTERM');
        if (!(await waitForExit(child, STOP_TIMEOUT_MS))) {
          console.log(
            `[e2e] roundtable serve did not stop within ${STOP_TIMEOUT_MS} ms of SIGTERM; killing it`,
          );
          child.kill('SIGKILL');
          await waitForExit(child, STOP_TIMEOUT_MS);
        }
        cleanup();
      })();
      return stopping;
    },
  };
}

/** `test` with a worker-scoped `serve` fixture; its output is saved next to the test results. */
export const test = base.extend<object, { serve: ServeInstance }>({
  serve: [
    // Playwright reads fixture dependencies from the destructuring pattern, so it must be there, empty.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use, workerInfo) => {
      const serve = await startServe();
      try {
        await use(serve);
      } finally {
        await serve.stop();
        const logDir = workerInfo.project.outputDir;
        fs.mkdirSync(logDir, { recursive: true });
        fs.writeFileSync(path.join(logDir, `serve-worker-${workerInfo.workerIndex}.log`), serve.output());
      }
    },
    { scope: 'worker' },
  ],
});

export { expect } from '@playwright/test';
