/**
 * The sidecar half of `roundtable engines`: `engines add <name> --command "..."` (or `--preset
 * audiocpp-vibevoice`) turns its arguments into a checked SidecarDefinition, and `engines test` starts the
 * sidecar, lists its models and stops it. The `engines` command itself, and where definitions are stored
 * (engines.json in the data folder), belong to the server-engine side: it calls these when `add` is given
 * `--command` or `--preset` instead of `--url`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ZodError } from 'zod';
import { CommandLineError, parseCommandLine } from '../../host/sidecar/command-line';
import type { AudioCppBackend, VibeVoiceSize } from '../../host/sidecar/definitions/audio-cpp';
import { audioCppVibeVoiceDefinition } from '../../host/sidecar/definitions/audio-cpp';
import type { SidecarDefinition, SidecarDefinitionInput } from '../../host/sidecar/sidecar-definition';
import { parseSidecarDefinition, SidecarDefinitionError } from '../../host/sidecar/sidecar-definition';
import { UserError } from '../cli-io';

export const SIDECAR_ADD_USAGE = `  roundtable engines add <name> --command "<program> ... {port} ..." [--value <key>=<text>]...
        [--health-path </health>] [--load-timeout <s>] [--idle-timeout <s>]
        [--gpu-memory <MiB>] [--ram-memory <MiB>] [--env <KEY>=<value>]... [--config-file <template>]
  roundtable engines add <name> --preset audiocpp-vibevoice --binary <audiocpp_server> --model <folder>
        [--size 1.5B|7B] [--backend cuda|vulkan|metal|cpu] [--load-timeout <s>] [--idle-timeout <s>]

  A sidecar is a local speech server the studio starts when it is needed, on a free 127.0.0.1 port
  ({port} in the command), and stops when idle or on quit. {<key>} takes --value <key>=...; {config}
  is the --config-file template written for each start. The command runs without a shell.
`;

/** Whether `engines add` arguments describe a sidecar (rather than a server URL). */
export function isSidecarAdd(args: readonly string[]): boolean {
  return args.some((arg) => /^--(command|preset)(=|$)/.test(arg));
}

/** The definition `engines add <name> ...` describes, checked (placeholders, files that must exist). */
export function sidecarDefinitionFromArgs(name: string, args: string[]): SidecarDefinition {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      command: { type: 'string' },
      preset: { type: 'string' },
      value: { type: 'string', multiple: true, default: [] },
      env: { type: 'string', multiple: true, default: [] },
      'health-path': { type: 'string' },
      'load-timeout': { type: 'string' },
      'idle-timeout': { type: 'string' },
      'gpu-memory': { type: 'string' },
      'ram-memory': { type: 'string' },
      'config-file': { type: 'string' },
      binary: { type: 'string' },
      model: { type: 'string' },
      size: { type: 'string' },
      backend: { type: 'string' },
    },
  });
  const seconds = (flag: 'load-timeout' | 'idle-timeout') =>
    values[flag] === undefined
      ? undefined
      : positiveNumber(`--${flag}`, values[flag], flag === 'idle-timeout');
  try {
    if (values.preset !== undefined) {
      if (values.preset !== 'audiocpp-vibevoice') {
        throw new UserError(`unknown preset "${values.preset}"`, 'The preset is audiocpp-vibevoice.');
      }
      if (values.command !== undefined) throw new UserError('give either --command or --preset, not both');
      const binary = requirePath(
        '--binary',
        values.binary,
        'the audiocpp_server program you built or unpacked',
      );
      const modelPath = requirePath('--model', values.model, 'the VibeVoice model folder you downloaded');
      const size = (values.size ?? '1.5B') as VibeVoiceSize;
      if (size !== '1.5B' && size !== '7B') throw new UserError(`--size is 1.5B or 7B, not "${values.size}"`);
      const backend = (values.backend ?? 'cuda') as AudioCppBackend;
      if (!['cuda', 'vulkan', 'metal', 'cpu'].includes(backend)) {
        throw new UserError(`--backend is cuda, vulkan, metal or cpu, not "${values.backend}"`);
      }
      return audioCppVibeVoiceDefinition({
        name,
        binary,
        modelPath,
        size,
        backend,
        loadTimeoutS: seconds('load-timeout'),
        idleTimeoutS: seconds('idle-timeout'),
      });
    }
    if (values.command === undefined) {
      throw new UserError('a sidecar needs --command "<program> ... {port} ..." (or --preset)');
    }
    const command = parseCommandLine(values.command);
    const program = command[0]!;
    if (/[\\/]/.test(program) && !program.includes('{') && !fs.existsSync(program)) {
      throw new UserError(
        `the program ${program} does not exist`,
        'Give the full path of the server program.',
      );
    }
    const input: SidecarDefinitionInput = {
      name,
      command,
      values: pairs('--value', values.value),
      env: pairs('--env', values.env),
    };
    if (values['health-path'] !== undefined) input.healthPath = values['health-path'];
    const load = seconds('load-timeout');
    const idle = seconds('idle-timeout');
    if (load !== undefined) input.loadTimeoutS = load;
    if (idle !== undefined) input.idleTimeoutS = idle;
    const gpu = values['gpu-memory'];
    const ram = values['ram-memory'];
    if (gpu !== undefined || ram !== undefined) {
      input.memory = {
        gpuMiB: gpu === undefined ? 0 : Math.round(positiveNumber('--gpu-memory', gpu, true)),
        ramMiB: ram === undefined ? 0 : Math.round(positiveNumber('--ram-memory', ram, true)),
      };
    }
    const template = values['config-file'];
    if (template !== undefined) {
      const file = requirePath('--config-file', template, 'a config file template');
      input.configFile = { fileName: path.basename(file), text: fs.readFileSync(file, 'utf8') };
    }
    return parseSidecarDefinition(input);
  } catch (error) {
    if (error instanceof CommandLineError || error instanceof SidecarDefinitionError) {
      throw new UserError(error.message);
    }
    if (error instanceof ZodError) {
      throw new UserError(
        error.issues.map((issue) => `${issue.path.join('.') || 'definition'}: ${issue.message}`).join('; '),
      );
    }
    throw error;
  }
}

export type { SidecarTestResult } from '../../host/speech-server/engine-admin';
export { testSidecar } from '../../host/speech-server/engine-admin';

function pairs(flag: string, items: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const at = item.indexOf('=');
    if (at <= 0) throw new UserError(`${flag} takes <key>=<text>, not "${item}"`);
    out[item.slice(0, at)] = item.slice(at + 1);
  }
  return out;
}

function positiveNumber(flag: string, text: string, zeroAllowed: boolean): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0 || (!zeroAllowed && value === 0)) {
    throw new UserError(`${flag} takes a ${zeroAllowed ? 'non-negative' : 'positive'} number, not "${text}"`);
  }
  return value;
}

function requirePath(flag: string, value: string | undefined, what: string): string {
  if (value === undefined) throw new UserError(`${flag} is needed: ${what}`);
  const resolved = path.resolve(value);
  if (!fs.existsSync(resolved)) throw new UserError(`${flag} ${value} does not exist`, `Give ${what}.`);
  return resolved;
}
