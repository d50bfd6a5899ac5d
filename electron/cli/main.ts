/** The `roundtable` command. */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ZodError } from 'zod';
import type { StudioRuntime } from '../host/studio-runtime';
import type { CliIo } from './cli-io';
import { processIo, UserError } from './cli-io';
import { interruptOf, Interrupts } from './interrupt';

export const USAGE = `Roundtable Studio — offline long-form, multi-speaker speech

Usage: roundtable <command> [options]

Commands:
  render <script> -o <out.wav>   render a script to an episode (WAV, MP3 or FLAC) with transcripts
  export <project> -o <out.mp3>  export a saved project (renders missing turns first)
  serve [--port <n>]             serve the studio UI to a browser on 127.0.0.1 (token-protected)
  voices [--engine <id>]         list voices (bundled espeak-ng and imported packs)
  models [list|import|remove|verify]  manage model packs (Kokoro, Piper, Kitten TTS, Supertonic)
  engines [list|add|test|remove]  speech servers as engines (OpenAI-compatible, audio.cpp)
  doctor [--json]                devices, execution providers, memory, what would fit now
  help                           show this help

Run "roundtable <command> --help" for a command's options.
Data folder: $ROUNDTABLE_DATA_DIR, else the platform's per-user data folder.
`;

/**
 * A command. `signal` is aborted (with an InterruptedError) by Ctrl+C, SIGTERM or SIGHUP: commands that
 * listen to it stop their work, clean up and reject; main then prints one line and exits 130 (143, 129).
 */
type Command = (
  args: string[],
  io: CliIo,
  runtime: () => StudioRuntime,
  signal: AbortSignal,
) => Promise<number>;

/** Commands that stop cleanly on `signal`; any other command ends at once on the first Ctrl+C. */
const STOPS_ON_SIGNAL = new Set(['render', 'export', 'serve']);

/** Commands load on demand, so `roundtable --help` starts fast and one broken command cannot break others. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  render: async () => (await import('./commands/render')).runRenderCommand,
  voices: async () => (await import('./commands/voices')).runVoicesCommand,
  export: async () => (await import('./commands/export')).runExportCommand,
  models: async () => {
    const { runModelsCommand } = await import('./commands/models');
    return (args, io) => runModelsCommand(args, io);
  },
  engines: async () => {
    const { runEnginesCommand } = await import('./commands/engines');
    return (args, io) => runEnginesCommand(args, io);
  },
  doctor: async () => {
    const [{ runDoctorCommandWith }, { ModelPacks }, { dataPaths, resolveDataDir }] = await Promise.all([
      import('./commands/doctor'),
      import('../host/models/model-packs'),
      import('../host/paths'),
    ]);
    // The doctor weighs the imported packs against the estimates calibrated by renders on this machine.
    const paths = dataPaths(resolveDataDir());
    const models = async () =>
      (await new ModelPacks({ modelsDir: paths.modelsDir }).listPacks()).packs.map((pack) => ({
        modelId: pack.manifest.id,
        manifestBytes: pack.manifest.memory.estimateBytes,
      }));
    return (args, io) => runDoctorCommandWith({ models, estimatesPath: paths.calibrationFile })(args, io);
  },
  serve: async () => {
    const [{ runServeCommand }, { createStudioHost }, { takeUrlPath }] = await Promise.all([
      import('./commands/serve'),
      import('../host/studio-host'),
      import('../../shared/api/take-url'),
    ]);
    return (args, io, _runtime, signal) =>
      runServeCommand(
        args,
        io,
        (serve) => createStudioHost({ mode: 'serve', takeUrl: takeUrlPath, ...serve }),
        {
          stopSignal: signal,
        },
      );
  },
};

export interface MainOptions {
  /** Aborted by Ctrl+C (see interrupt.ts); without it nothing stops a command early. */
  signal?: AbortSignal;
  /** Told about every runtime a command creates (so a forced exit can end its worker). */
  onRuntime?: (runtime: StudioRuntime) => void;
}

export async function main(
  argv: string[],
  io: CliIo = processIo,
  options: MainOptions = {},
): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.stdout(USAGE);
    return 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${readVersion()}\n`);
    return 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    io.stderr(`roundtable: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  try {
    const command = await load();
    const { StudioRuntime: Runtime } = await import('../host/studio-runtime');
    const signal = options.signal ?? new AbortController().signal;
    signal.throwIfAborted();
    const createRuntime = () => {
      const runtime = new Runtime();
      options.onRuntime?.(runtime);
      return runtime;
    };
    return await command(args, io, createRuntime, signal);
  } catch (error) {
    const interrupted = interruptOf(options.signal);
    if (interrupted) {
      io.stderr(`${io.isTty ? '\n' : ''}roundtable: stopped; finished turns are kept in the take cache\n`);
      return interrupted.exitCode;
    }
    return reportError(error, io);
  }
}

/**
 * `main` for the real process (bin/roundtable.js): the first Ctrl+C, SIGTERM or SIGHUP stops the command
 * cleanly (render and export delete their temporary files and end the worker), a second one (or the first,
 * for commands that do not stop on a signal) ends the worker and the process at once.
 */
export async function runCli(argv: string[]): Promise<number> {
  const runtimes: StudioRuntime[] = [];
  const interrupts = new Interrupts(process, {
    onForce: () => {
      for (const runtime of runtimes) runtime.worker.killNow();
    },
    exit: (code) => process.exit(code),
    stderr: (text) => processIo.stderr(text),
    cooperative: STOPS_ON_SIGNAL.has(argv[0] ?? ''),
  });
  try {
    return await main(argv, processIo, {
      signal: interrupts.signal,
      onRuntime: (runtime) => runtimes.push(runtime),
    });
  } finally {
    interrupts.dispose();
  }
}

function reportError(error: unknown, io: CliIo): number {
  // An output the host's guard refused (output-guard.ts) is the user's to fix, like a UserError.
  if (error instanceof UserError || (error instanceof Error && error.name === 'OutputPathError')) {
    const hint = (error as { hint?: unknown }).hint;
    io.stderr(`roundtable: ${error.message}\n${typeof hint === 'string' ? `${hint.trimEnd()}\n` : ''}`);
    return 2;
  }
  if (error instanceof ZodError) {
    io.stderr(
      `roundtable: invalid input: ${error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}\n`,
    );
    return 2;
  }
  if (isArgError(error)) {
    io.stderr(`roundtable: ${(error as Error).message}\nRun "roundtable help" for usage.\n`);
    return 2;
  }
  const message = error instanceof Error ? error.message : String(error);
  // Typed host errors (a full disk, a damaged take) say what to do.
  const hint = (error as { hint?: unknown } | undefined)?.hint;
  io.stderr(`roundtable: ${message}\n${typeof hint === 'string' ? `${hint.trimEnd()}\n` : ''}`);
  if (process.env.ROUNDTABLE_DEBUG && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
  return 1;
}

function isArgError(error: unknown): boolean {
  // Not every error's code is a string: an AbortSignal's DOMException has the number 20.
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

function readVersion(): string {
  const packageJson = fileURLToPath(new URL('../../package.json', import.meta.url));
  return (JSON.parse(fs.readFileSync(packageJson, 'utf8')) as { version: string }).version;
}
