/**
 * `roundtable serve [--port <n>] [--renderer-dir <dir>]`: runs the host services in Node and serves the UI
 * to a browser on 127.0.0.1, with a random token in the printed address. Stops on Ctrl+C / SIGTERM.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { StudioHost } from '../../host/studio-host-types';
import type { Logger } from '../../host/util/logger';
import { createLogger } from '../../host/util/logger';
import { startServer } from '../../server/server';
import type { CliIo } from '../cli-io';
import { interruptOf } from '../interrupt';
import { UserError } from '../cli-io';

export const SERVE_USAGE = `Usage: roundtable serve [--port <n>] [--renderer-dir <dir>] [--allow-sidecar-commands]

Serves Roundtable Studio to a browser on this machine only (127.0.0.1).
  --port <n>                 port to listen on (default 0: any free port)
  --renderer-dir <dir>       the built UI (default dist/renderer; build it with npm run build:renderer)
  --allow-sidecar-commands   let Settings → Engines add a sidecar, i.e. a program this process runs
                             (otherwise add sidecars with \`roundtable engines add <name> --command ...\`)
Open the printed address, token included. Stop with Ctrl+C.
`;

/** What serve mode's host is created with. */
export interface ServeHostOptions {
  /** --allow-sidecar-commands: the browser may add sidecars (programs this host runs). */
  allowSidecarCommands: boolean;
}

/** The line the address is printed on; e2e/support/serve-fixture.ts parses it. */
export const SERVE_READY_PREFIX = 'Roundtable Studio is serving at ';

export const RENDERER_DIR_ENV = 'ROUNDTABLE_RENDERER_DIR';

export interface ServeCommandOptions {
  /** Stops the server when aborted (tests); without it, SIGINT and SIGTERM do. */
  stopSignal?: AbortSignal;
  env?: Readonly<Record<string, string | undefined>>;
  log?: Logger;
}

export function defaultRendererDir(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const fromEnv = env[RENDERER_DIR_ENV];
  if (fromEnv) return path.resolve(fromEnv);
  return fileURLToPath(new URL('../../../dist/renderer', import.meta.url));
}

function parsePort(text: string | undefined): number {
  if (text === undefined) return 0;
  const port = Number(text);
  if (!/^\d+$/.test(text) || !Number.isInteger(port) || port > 65535) {
    throw new UserError(
      `--port must be a whole number from 0 to 65535, not "${text}".`,
      'Use --port 0 for any free port.',
    );
  }
  return port;
}

function waitForStop(signal: AbortSignal | undefined): Promise<string> {
  if (signal) {
    // Ctrl+C, SIGTERM or SIGHUP (a closed terminal) through the CLI's signal, named; else a test's stop.
    const reason = () => interruptOf(signal)?.signal ?? 'stop requested';
    return new Promise((resolve) => {
      if (signal.aborted) resolve(reason());
      else signal.addEventListener('abort', () => resolve(reason()), { once: true });
    });
  }
  return new Promise((resolve) => {
    const stop = (name: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(name);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export async function runServeCommand(
  args: string[],
  io: CliIo,
  createHost: (options: ServeHostOptions) => Promise<StudioHost>,
  options: ServeCommandOptions = {},
): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string' },
      'renderer-dir': { type: 'string' },
      'allow-sidecar-commands': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout(SERVE_USAGE);
    return 0;
  }
  const port = parsePort(values.port);
  const env = options.env ?? process.env;
  const rendererDir = values['renderer-dir'] ? path.resolve(values['renderer-dir']) : defaultRendererDir(env);
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
    io.stderr(
      `roundtable serve: ${rendererDir} has no index.html, so the page will not load (the API still works).\n` +
        'Build the UI first: npm run build:renderer\n',
    );
  }
  const log = options.log ?? createLogger('serve');
  const stopped = waitForStop(options.stopSignal);
  const allowSidecarCommands = values['allow-sidecar-commands'] === true;
  const host = await createHost({ allowSidecarCommands });
  try {
    const server = await startServer({ host, rendererDir, port, log }).catch((error: unknown) => {
      const code = (error as { code?: unknown }).code;
      if (code === 'EADDRINUSE') {
        throw new UserError(
          `port ${port} is already in use.`,
          'Pick another one with --port, or --port 0 for any free port.',
        );
      }
      throw error;
    });
    io.stdout(`${SERVE_READY_PREFIX}${server.url}\n`);
    io.stderr(
      'Open that address in a browser on this machine (the token is part of it). Press Ctrl+C to stop.\n',
    );
    if (allowSidecarCommands)
      io.stderr(
        'Sidecar commands are allowed: Settings → Engines can add programs for this process to run.\n',
      );
    const reason = await stopped;
    io.stderr(`roundtable serve: stopping (${reason})\n`);
    await server.close();
    return 0;
  } finally {
    await host.dispose();
  }
}
