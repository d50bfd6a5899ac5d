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
import { HostError } from '../../host/host-error';
import type { SidecarDefinition } from '../../host/sidecar/sidecar-definition';
import type { SidecarFields } from '../../host/sidecar/sidecar-fields';
import { CLI_SIDECAR_FIELDS, sidecarDefinitionFromFields } from '../../host/sidecar/sidecar-fields';
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

/** The definition `engines add <name> ...` describes, checked (placeholders, the program, files). */
export function sidecarDefinitionFromArgs(name: string, args: string[]): SidecarDefinition {
  const fields = sidecarFieldsFromArgs(name, args);
  try {
    return sidecarDefinitionFromFields(fields, CLI_SIDECAR_FIELDS, { cwd: process.cwd() });
  } catch (error) {
    if (error instanceof HostError) throw new UserError(error.message, error.hint);
    throw error;
  }
}

/** `engines add <name> --command|--preset ...` as the fields the host's one set of checks takes. */
export function sidecarFieldsFromArgs(name: string, args: string[]): SidecarFields {
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
  // Paths typed on the command line are relative to where it was typed.
  const absolute = (value: string | undefined) => (value === undefined ? undefined : path.resolve(value));
  const fields: SidecarFields = {
    name,
    values: pairs('--value', values.value),
    env: pairs('--env', values.env),
  };
  if (values.command !== undefined) fields.command = values.command;
  if (values.preset !== undefined) fields.preset = values.preset;
  if (values.binary !== undefined) fields.binary = absolute(values.binary);
  if (values.model !== undefined) fields.modelPath = absolute(values.model);
  if (values.size !== undefined) fields.size = values.size;
  if (values.backend !== undefined) fields.backend = values.backend;
  if (values['health-path'] !== undefined) fields.healthPath = values['health-path'];
  if (values['load-timeout'] !== undefined) fields.loadTimeoutS = values['load-timeout'];
  if (values['idle-timeout'] !== undefined) fields.idleTimeoutS = values['idle-timeout'];
  if (values['gpu-memory'] !== undefined) fields.gpuMemoryMiB = values['gpu-memory'];
  if (values['ram-memory'] !== undefined) fields.ramMemoryMiB = values['ram-memory'];
  if (values.preset === undefined && values.command === undefined)
    throw new UserError('a sidecar needs --command "<program> ... {port} ..." (or --preset)');
  const template = values['config-file'];
  if (template !== undefined) {
    const file = path.resolve(template);
    if (!fs.existsSync(file))
      throw new UserError(`--config-file ${template} does not exist`, 'Give a config file template.');
    fields.configFile = { fileName: path.basename(file), text: fs.readFileSync(file, 'utf8') };
  }
  return fields;
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
