/**
 * The one set of checks on a new sidecar, for `roundtable engines add <name> --command|--preset` and the
 * studio's Settings → Engines: fields as typed (numbers may still be text) become a checked
 * SidecarDefinition, or a HostError that names the field the way the caller shows it (a CLI flag or a
 * studio label) and says what to fix. The program is checked too (exists, is a file, may be executed).
 */
import fs from 'node:fs';
import path from 'node:path';
import { ZodError } from 'zod';
import { HostError } from '../host-error';
import { CommandLineError, parseCommandLine } from './command-line';
import type { AudioCppBackend, VibeVoiceSize } from './definitions/audio-cpp';
import { audioCppVibeVoiceDefinition } from './definitions/audio-cpp';
import { programProblem } from './program-check';
import type { SidecarDefinition, SidecarDefinitionInput } from './sidecar-definition';
import { parseSidecarDefinition, SidecarDefinitionError } from './sidecar-definition';

export const SIDECAR_PRESETS = ['audiocpp-vibevoice'] as const;
export type SidecarPreset = (typeof SIDECAR_PRESETS)[number];
export const VIBEVOICE_SIZES: readonly VibeVoiceSize[] = ['1.5B', '7B'];
export const AUDIOCPP_BACKENDS: readonly AudioCppBackend[] = ['cuda', 'vulkan', 'metal', 'cpu'];

export interface SidecarFields {
  name: string;
  /** A command line as typed: `"<program> ... {port} ..."` (no shell). */
  command?: string;
  preset?: string;
  /** The audio.cpp preset: the `audiocpp_server` program and the VibeVoice model folder. */
  binary?: string;
  modelPath?: string;
  size?: string;
  backend?: string;
  /** `{<key>}` placeholders of the command (`model` → the model path). */
  values?: Record<string, string>;
  env?: Record<string, string>;
  healthPath?: string;
  loadTimeoutS?: string | number;
  idleTimeoutS?: string | number;
  gpuMemoryMiB?: string | number;
  ramMemoryMiB?: string | number;
  configFile?: { fileName: string; text: string };
}

/** How each field is named in messages. */
export interface SidecarFieldNames {
  command: string;
  preset: string;
  binary: string;
  modelPath: string;
  size: string;
  backend: string;
  healthPath: string;
  loadTimeoutS: string;
  idleTimeoutS: string;
  gpuMemoryMiB: string;
  ramMemoryMiB: string;
  speechModel: string;
  dialect: string;
}

export const CLI_SIDECAR_FIELDS: SidecarFieldNames = {
  command: '--command',
  preset: '--preset',
  binary: '--binary',
  modelPath: '--model',
  size: '--size',
  backend: '--backend',
  healthPath: '--health-path',
  loadTimeoutS: '--load-timeout',
  idleTimeoutS: '--idle-timeout',
  gpuMemoryMiB: '--gpu-memory',
  ramMemoryMiB: '--ram-memory',
  speechModel: '--speech-model',
  dialect: '--dialect',
};

export const STUDIO_SIDECAR_FIELDS: SidecarFieldNames = {
  command: 'Command',
  preset: 'Preset',
  binary: 'audiocpp_server program',
  modelPath: 'Model path',
  size: 'Model size',
  backend: 'Backend',
  healthPath: 'Health path',
  loadTimeoutS: 'Load timeout',
  idleTimeoutS: 'Idle timeout',
  gpuMemoryMiB: 'GPU memory',
  ramMemoryMiB: 'RAM',
  speechModel: 'Model',
  dialect: 'Server speaks',
};

function invalid(message: string, hint?: string): HostError {
  return new HostError('sidecar-invalid', message, hint);
}

/** The checked definition these fields describe; throws a HostError naming the field. */
export function sidecarDefinitionFromFields(
  fields: SidecarFields,
  names: SidecarFieldNames,
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): SidecarDefinition {
  const seconds = (key: 'loadTimeoutS' | 'idleTimeoutS') =>
    number(names[key], fields[key], key === 'idleTimeoutS');
  let definition: SidecarDefinition;
  try {
    if (fields.preset !== undefined && fields.preset !== '') {
      definition = presetDefinition(fields, names, seconds);
    } else {
      const commandLine = fields.command?.trim() ?? '';
      if (commandLine === '')
        throw invalid(
          `${names.command} is needed: the server program and its arguments, with {port} where the port goes`,
          `e.g. "/opt/server/bin/tts-server --port {port} --model {model}"`,
        );
      const input: SidecarDefinitionInput = {
        name: fields.name.trim(),
        command: parseCommandLine(commandLine),
        values: fields.values ?? {},
        env: fields.env ?? {},
      };
      const healthPath = fields.healthPath?.trim();
      if (healthPath) input.healthPath = healthPath;
      const load = seconds('loadTimeoutS');
      const idle = seconds('idleTimeoutS');
      if (load !== undefined) input.loadTimeoutS = load;
      if (idle !== undefined) input.idleTimeoutS = idle;
      const gpu = number(names.gpuMemoryMiB, fields.gpuMemoryMiB, true);
      const ram = number(names.ramMemoryMiB, fields.ramMemoryMiB, true);
      if (gpu !== undefined || ram !== undefined)
        input.memory = { gpuMiB: Math.round(gpu ?? 0), ramMiB: Math.round(ram ?? 0) };
      if (fields.configFile) input.configFile = fields.configFile;
      definition = parseSidecarDefinition(input);
    }
  } catch (error) {
    if (error instanceof CommandLineError || error instanceof SidecarDefinitionError)
      throw invalid(`${names.command}: ${error.message}`);
    if (error instanceof ZodError) {
      throw invalid(
        error.issues
          .map((issue) => {
            const field = String(issue.path[0] ?? '');
            const label = field in names ? names[field as keyof SidecarFieldNames] : field || 'definition';
            return `${label}: ${issue.message}`;
          })
          .join('; '),
      );
    }
    throw error;
  }
  const problem = programProblem(programOf(definition), options);
  if (problem) throw invalid(problem);
  return definition;
}

/** The program as it will be started (a `{binary}`-style placeholder filled in from the values). */
export function programOf(definition: SidecarDefinition): string {
  const first = definition.command[0] ?? '';
  return first.replace(
    /\{([A-Za-z_][A-Za-z0-9_]*)\}/g,
    (whole, key: string) => definition.values[key] ?? whole,
  );
}

/**
 * The model id a sidecar's requests name: the one given, else the one the audio.cpp preset writes in its
 * config file. Throws when there is neither.
 */
export function sidecarSpeechModel(
  definition: SidecarDefinition,
  given: string | undefined,
  names: SidecarFieldNames,
): string {
  const model = given?.trim() || /"id"\s*:\s*"([^"]+)"/.exec(definition.configFile?.text ?? '')?.[1];
  if (!model)
    throw invalid(
      `${names.speechModel} is needed: the model id the sidecar serves`,
      `give ${names.speechModel} <id> (the id in its GET /v1/models)`,
    );
  return model;
}

function presetDefinition(
  fields: SidecarFields,
  names: SidecarFieldNames,
  seconds: (key: 'loadTimeoutS' | 'idleTimeoutS') => number | undefined,
): SidecarDefinition {
  if (fields.preset !== 'audiocpp-vibevoice')
    throw invalid(`unknown ${names.preset} "${fields.preset}"`, 'The preset is audiocpp-vibevoice.');
  if (fields.command?.trim()) throw invalid(`give either ${names.command} or ${names.preset}, not both`);
  const binary = requirePath(
    names.binary,
    fields.binary,
    'the audiocpp_server program you built or unpacked',
  );
  const modelPath = requirePath(
    names.modelPath,
    fields.modelPath,
    'the VibeVoice model folder you downloaded',
  );
  const size = (fields.size || '1.5B') as VibeVoiceSize;
  if (!VIBEVOICE_SIZES.includes(size))
    throw invalid(`${names.size} is ${VIBEVOICE_SIZES.join(' or ')}, not "${fields.size}"`);
  const backend = (fields.backend || 'cuda') as AudioCppBackend;
  if (!AUDIOCPP_BACKENDS.includes(backend))
    throw invalid(`${names.backend} is cuda, vulkan, metal or cpu, not "${fields.backend}"`);
  return audioCppVibeVoiceDefinition({
    name: fields.name.trim(),
    binary,
    modelPath,
    size,
    backend,
    loadTimeoutS: seconds('loadTimeoutS'),
    idleTimeoutS: seconds('idleTimeoutS'),
  });
}

function requirePath(label: string, value: string | undefined, what: string): string {
  const text = value?.trim();
  if (!text) throw invalid(`${label} is needed: ${what}`);
  if (!path.isAbsolute(text)) throw invalid(`${label} ${text} is not a full path`, `Give ${what}.`);
  // The folder is checked here; the program's own checks (a file, executable) come with every command.
  if (!fs.existsSync(text)) throw invalid(`${label} ${text} does not exist`, `Give ${what}.`);
  return path.resolve(text);
}

function number(label: string, value: string | number | undefined, zeroAllowed: boolean): number | undefined {
  if (value === undefined || (typeof value === 'string' && value.trim() === '')) return undefined;
  const parsed = typeof value === 'number' ? value : Number(value.trim());
  if (!Number.isFinite(parsed) || parsed < 0 || (!zeroAllowed && parsed === 0))
    throw invalid(
      `${label} takes a ${zeroAllowed ? 'non-negative' : 'positive'} number, not "${String(value)}"`,
    );
  return parsed;
}
