/**
 * `--voice "Speaker 1=<voice>"` overrides. `<voice>` is `voice`, `engine:voice` or `engine:model/voice`,
 * optionally followed by `;rate=<percent>`, `;pitch=<semitones>`, `;seed=<n>`, `;cfg=<scale>` and
 * `;steps=<n>` (the last three for speech servers that take them: audio.cpp's dialect). A speech server's voice is
 * `<engine name>:<model>/<voice>`.
 */
import { ESPEAK_ENGINE_ID } from '../../shared/model/espeak-voices';
import type { VoiceRef } from '../../shared/model/voice';
import { VoiceParamsSchema } from '../../shared/model/voice';
import { ClipHashSchema } from '../../shared/model/reference-clip';
import { UserError } from './cli-io';

export interface VoiceDefaults {
  engine?: string;
  model?: string;
}

export function parseVoiceOverrides(values: string[], defaults: VoiceDefaults = {}): Map<string, VoiceRef> {
  const overrides = new Map<string, VoiceRef>();
  for (const value of values) {
    const equals = value.indexOf('=');
    if (equals <= 0 || equals === value.length - 1) {
      throw new UserError(
        `--voice "${value}" is not of the form "Speaker=voice"`,
        'e.g. --voice "Host=en-gb-x-rp+f3"',
      );
    }
    const speaker = value.slice(0, equals).trim();
    overrides.set(speaker, parseVoiceSpec(value.slice(equals + 1).trim(), defaults));
  }
  return overrides;
}

export function parseVoiceSpec(spec: string, defaults: VoiceDefaults = {}): VoiceRef {
  const [target = '', ...options] = spec.split(';');
  const params: {
    ratePercent: number;
    pitchSemitones: number;
    seed?: number;
    cfgScale?: number;
    diffusionSteps?: number;
  } = {
    ratePercent: 100,
    pitchSemitones: 0,
  };
  let clip: string | undefined;
  for (const option of options) {
    const [key, raw] = option.split('=').map((part) => part.trim());
    if (key === 'clip') {
      // A reference clip already imported, by the SHA-256 of its stored WAV (formatVoiceRef prints it).
      if (!ClipHashSchema.safeParse(raw).success)
        throw new UserError(
          `voice option "${option}" needs a clip's SHA-256 (64 hex digits)`,
          'give a new clip with --voice-clip "<Speaker>=<file>" --consent instead',
        );
      clip = raw;
      continue;
    }
    const number = Number(raw);
    if (key === 'cfg' && raw !== undefined && raw !== '' && Number.isFinite(number)) {
      params.cfgScale = number;
      continue;
    }
    if (!Number.isInteger(number))
      throw new UserError(`voice option "${option}" needs a whole number`, 'e.g. ;rate=120;pitch=-2');
    if (key === 'rate') params.ratePercent = number;
    else if (key === 'pitch') params.pitchSemitones = number;
    else if (key === 'seed') params.seed = number;
    else if (key === 'steps') params.diffusionSteps = number;
    else
      throw new UserError(
        `unknown voice option "${key}"`,
        'use rate=<percent>, pitch=<semitones>, or seed=<n>, cfg=<scale>, steps=<n> (speech servers that take them)',
      );
  }
  const checked = VoiceParamsSchema.safeParse(params);
  if (!checked.success) {
    throw new UserError(
      `voice options in "${spec}" are out of range`,
      'rate is 25–400 (%), pitch is −12…12 (semitones), seed is 0…2147483647, cfg is 1–3 in steps of 0.05, steps is 1–100',
    );
  }
  const colon = target.indexOf(':');
  const engine = colon > 0 ? target.slice(0, colon) : (defaults.engine ?? ESPEAK_ENGINE_ID);
  const rest = colon > 0 ? target.slice(colon + 1) : target;
  const slash = rest.lastIndexOf('/');
  const model = slash > 0 ? rest.slice(0, slash) : engine === ESPEAK_ENGINE_ID ? undefined : defaults.model;
  const voice = slash > 0 ? rest.slice(slash + 1) : rest;
  if (!voice) throw new UserError(`"${spec}" names no voice`, 'list voices with `roundtable voices`');
  if (engine !== ESPEAK_ENGINE_ID && !model) {
    throw new UserError(
      `voice "${spec}" needs a model pack for engine ${engine}`,
      `use --model <id> or "${engine}:<model>/<voice>"; list packs with \`roundtable models\``,
    );
  }
  return { engine, ...(model ? { model } : {}), voice, params: checked.data, ...(clip ? { clip } : {}) };
}
