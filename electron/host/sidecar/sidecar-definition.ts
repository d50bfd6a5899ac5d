/**
 * A managed sidecar: a local speech server the host starts on demand, supervises and stops. The
 * definition says how to run it; placeholders are filled in for every start:
 *
 *   {port}    the free loopback port picked for this start (required somewhere: command or config file)
 *   {host}    127.0.0.1
 *   {config}  the path of `configFile`, written for this start with its placeholders filled in
 *   {<key>}   any key of `values`, e.g. {model} → the model folder the user downloaded
 *
 * Only `{identifier}` is a placeholder, so JSON braces in a config file need no escaping; values put into a
 * `.json` config file are JSON-escaped (Windows paths stay valid JSON).
 */
import path from 'node:path';
import * as z from 'zod';
import { parseCommandLine } from './command-line';

export const SIDECAR_HOST = '127.0.0.1';

export const SidecarDefinitionSchema = z
  .object({
    /** The engine name it is known by (`roundtable engines add <name> --command ...`). */
    name: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, 'use letters, digits, ".", "_" or "-" (at most 63)'),
    /** Program and arguments, one word each (no shell). */
    command: z.array(z.string()).min(1, 'the command is empty'),
    values: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string()).default({}),
    configFile: z
      .object({
        fileName: z
          .string()
          .regex(/^[A-Za-z0-9._-]+$/, 'a plain file name')
          .default('config.json'),
        text: z.string(),
      })
      .optional(),
    /** GET this path on the sidecar; any 2xx means loaded and ready. */
    healthPath: z.string().startsWith('/', 'the health path starts with "/"').default('/health'),
    /** Longest the sidecar may take from start to a healthy answer (loading a large model is slow). */
    loadTimeoutS: z.number().positive().max(86_400).default(300),
    /** Stopped after this long without a request (its memory goes back); 0 keeps it running. */
    idleTimeoutS: z.number().nonnegative().max(86_400).default(600),
    /** Memory the loaded sidecar is expected to hold, until the watchdog has observed it on this machine. */
    memory: z
      .object({
        gpuMiB: z.number().int().nonnegative().default(0),
        ramMiB: z.number().int().nonnegative().default(0),
        /** Extra memory per character of one request (VibeVoice's activations grow with the text). */
        perCharKiB: z.number().nonnegative().optional(),
      })
      .default({ gpuMiB: 0, ramMiB: 0 }),
    env: z.record(z.string(), z.string()).default({}),
    cwd: z.string().optional(),
    /** Most characters one request should carry; the engine splits longer turns. */
    maxRequestChars: z.number().int().positive().max(4096).default(1000),
  })
  .strict();

export type SidecarDefinition = z.output<typeof SidecarDefinitionSchema>;
export type SidecarDefinitionInput = z.input<typeof SidecarDefinitionSchema>;

export class SidecarDefinitionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SidecarDefinitionError';
  }
}

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
const BUILT_IN = new Set(['port', 'host', 'config']);

/** Parses and checks a definition: placeholders known, `{port}` used, `{config}` only with a config file. */
export function parseSidecarDefinition(input: unknown): SidecarDefinition {
  const definition = SidecarDefinitionSchema.parse(input);
  const known = new Set([...BUILT_IN, ...Object.keys(definition.values)]);
  const texts = [...definition.command, definition.configFile?.text ?? ''];
  const used = new Set(texts.flatMap((text) => [...text.matchAll(PLACEHOLDER)].map((match) => match[1]!)));
  for (const name of used) {
    if (!known.has(name)) {
      throw new SidecarDefinitionError(
        `{${name}} has no value: give it with --value ${name}=... (known: ${[...known].map((k) => `{${k}}`).join(', ')})`,
      );
    }
  }
  if (!used.has('port')) {
    throw new SidecarDefinitionError(
      'neither the command nor its config file contains {port}: the studio picks a free port for every start and must tell the server, e.g. "--port {port}"',
    );
  }
  if (used.has('config') && !definition.configFile) {
    throw new SidecarDefinitionError('the command uses {config} but the definition has no config file');
  }
  return definition;
}

/** A definition from a command line as typed (`"<program> --port {port} ..."`). */
export function definitionFromCommandLine(
  name: string,
  commandLine: string,
  rest: Omit<SidecarDefinitionInput, 'name' | 'command'> = {},
): SidecarDefinition {
  return parseSidecarDefinition({ ...rest, name, command: parseCommandLine(commandLine) });
}

export interface LaunchPlan {
  file: string;
  args: string[];
  env: Record<string, string>;
  /** The config file to write before starting, if any. */
  config: { path: string; text: string } | null;
}

/** The program, arguments and config file for one start on `port`, with every placeholder filled in. */
export function planLaunch(definition: SidecarDefinition, port: number, runDir: string): LaunchPlan {
  const configPath = definition.configFile ? path.join(runDir, definition.configFile.fileName) : '';
  const vars: Record<string, string> = {
    ...definition.values,
    port: String(port),
    host: SIDECAR_HOST,
    config: configPath,
  };
  const [file, ...args] = definition.command.map((word) => fill(word, vars, (value) => value));
  const config = definition.configFile
    ? {
        path: configPath,
        text: fill(definition.configFile.text, vars, configPath.endsWith('.json') ? jsonEscape : (v) => v),
      }
    : null;
  const env = Object.fromEntries(
    Object.entries(definition.env).map(([key, value]) => [key, fill(value, vars, (v) => v)]),
  );
  return { file: file!, args, env, config };
}

function fill(template: string, vars: Record<string, string>, escape: (value: string) => string): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => (name in vars ? escape(vars[name]!) : whole));
}

function jsonEscape(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

/** The id the watchdog's estimates keep this sidecar's memory under. */
export function sidecarModelId(definition: Pick<SidecarDefinition, 'name'>): string {
  return `sidecar:${definition.name}`;
}

/** Whether the sidecar is expected to use the GPU (its memory then counts against the GPU's). */
export function usesGpu(definition: SidecarDefinition): boolean {
  return definition.memory.gpuMiB > 0;
}
