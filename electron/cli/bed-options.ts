/**
 * `--bed` for `roundtable render`: `<file>[@<where>][;<option>...]`, repeatable.
 *
 *   --bed intro.wav                       at the start, once, ducked under speech (the default ducking)
 *   --bed "outro.mp3@end-2s;fade-in=1s"   two seconds before the speech ends, under the last words
 *   --bed "music.flac@turn3;loop;length=2m;duck=-18;fade-out=3s;license=CC BY 4.0 Artist"
 *
 * Where: `start`, `end` (the end of the speech) or `turn<N>` (the start of turn N, counted from 1), with an
 * optional offset `+<time>` or `-<time>`. Options: `loop`, `length=<time>`, `fade-in=<time>`,
 * `fade-out=<time>`, `gain=<dB>`, `duck=<dB>|off`, `attack=<time>`, `release=<time>`, `license=<text>`.
 * Times are `1.5s`, `800ms` or `2m`.
 */
import type { Bed, BedAnchor, BedDuck } from '../../shared/model/beds';
import { DEFAULT_DUCK, MAX_BED_GAIN_DB, MIN_BED_GAIN_DB } from '../../shared/model/beds';
import type { Project } from '../../shared/model/project';
import { placeBeds } from '../../shared/model/bed-placement';
import { buildTimeline } from '../../shared/model/timeline';
import { BedImportError } from '../host/beds/bed-store';
import type { BedStore } from '../host/beds/bed-store';
import type { CliIo } from './cli-io';
import { UserError } from './cli-io';

export const BED_OPTIONS_HELP = `  --bed "<file>[@<where>][;<option>...]"
                             mix a music or sound bed (WAV, MP3, FLAC) under or around the speech; repeatable.
                             <where>: start (default), end (where the speech ends) or turn<N>, with an offset
                             like end-2s or turn3+500ms. Options: loop, length=<time>, fade-in=<time>,
                             fade-out=<time>, gain=<dB>, duck=<dB>|off (default -15 under speech),
                             attack=<time> (300ms), release=<time> (800ms), license=<text> (in the report).
                             e.g. --bed intro.wav --bed "outro.wav@end;fade-out=3s" --bed "music.mp3;loop;duck=-18"
`;

export interface BedRequest {
  file: string;
  where: { kind: 'start' } | { kind: 'end' } | { kind: 'turn'; number: number };
  offsetMs: number;
  options: Omit<Bed, 'id' | 'audio' | 'anchor' | 'offsetMs'>;
}

const TIME = /^(\d+(?:\.\d+)?)(ms|s|m)$/;

export function parseTimeMs(text: string, what: string): number {
  const match = TIME.exec(text.trim());
  if (!match)
    throw new UserError(`--bed: ${what} "${text}" is not a time`, 'write times like 1.5s, 800ms or 2m');
  const unit = match[2] === 'ms' ? 1 : match[2] === 's' ? 1000 : 60_000;
  return Math.round(Number(match[1]) * unit);
}

export function parseBedSpec(spec: string): BedRequest {
  const [head = '', ...parts] = spec.split(';');
  // The part after the last @ is the place, unless it is part of a path (`me@home/x.wav`).
  const at = head.lastIndexOf('@');
  const hasPlace = at >= 0 && !/[\\/]/.test(head.slice(at + 1));
  const file = (hasPlace ? head.slice(0, at) : head).trim();
  if (!file) throw new UserError(`--bed "${spec}" names no file`, 'e.g. --bed intro.wav@start');
  const { where, offsetMs } = hasPlace
    ? parseWhere(head.slice(at + 1))
    : { where: { kind: 'start' as const }, offsetMs: 0 };
  const options: BedRequest['options'] = {
    loop: false,
    fadeInMs: 0,
    fadeOutMs: 0,
    gainDb: 0,
    duck: { ...DEFAULT_DUCK },
  };
  let duck: BedDuck | null = { ...DEFAULT_DUCK };
  for (const part of parts.map((p) => p.trim()).filter((p) => p !== '')) {
    const eq = part.indexOf('=');
    const key = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase();
    const value = eq < 0 ? '' : part.slice(eq + 1).trim();
    if (key === 'loop') options.loop = true;
    else if (key === 'length') options.durationMs = Math.max(1, parseTimeMs(value, 'length'));
    else if (key === 'fade-in') options.fadeInMs = parseTimeMs(value, 'fade-in');
    else if (key === 'fade-out') options.fadeOutMs = parseTimeMs(value, 'fade-out');
    else if (key === 'gain') options.gainDb = parseDb(value, 'gain', MIN_BED_GAIN_DB, MAX_BED_GAIN_DB);
    else if (key === 'duck') {
      if (value === 'off' || Number(value) === 0) duck = null;
      else duck = { ...(duck ?? DEFAULT_DUCK), depthDb: parseDb(value, 'duck', -60, 0) };
    } else if (key === 'attack') duck = duck && { ...duck, attackMs: parseTimeMs(value, 'attack') };
    else if (key === 'release') duck = duck && { ...duck, releaseMs: parseTimeMs(value, 'release') };
    else if (key === 'license' || key === 'licence') options.license = value;
    else
      throw new UserError(
        `--bed: unknown option "${key}"`,
        'options are loop, length, fade-in, fade-out, gain, duck, attack, release, license',
      );
  }
  if (duck) options.duck = duck;
  else delete options.duck;
  return { file, where, offsetMs, options };
}

function parseWhere(text: string): { where: BedRequest['where']; offsetMs: number } {
  const match = /^(start|end|turn(\d+))(?:([+-])(.+))?$/i.exec(text.trim());
  if (!match)
    throw new UserError(`--bed: "@${text}" is not a place`, 'write @start, @end or @turn3, e.g. @end-2s');
  const name = (match[1] ?? '').toLowerCase();
  const where: BedRequest['where'] =
    name === 'start'
      ? { kind: 'start' }
      : name === 'end'
        ? { kind: 'end' }
        : { kind: 'turn', number: Number(match[2]) };
  const offsetMs = match[3] ? (match[3] === '-' ? -1 : 1) * parseTimeMs(match[4] ?? '', 'offset') : 0;
  return { where, offsetMs };
}

function parseDb(text: string, what: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < min || value > max)
    throw new UserError(`--bed: ${what}=${text} is not a level from ${min} to ${max} dB`);
  return value;
}

/** The anchor of a request in `project` (turn numbers count from 1). */
export function bedAnchor(request: BedRequest, project: Project): BedAnchor {
  if (request.where.kind !== 'turn') return request.where;
  const segment = project.segments[request.where.number - 1];
  if (!segment)
    throw new UserError(
      `--bed ${request.file}@turn${request.where.number}: the script has ${project.segments.length} turns`,
    );
  return { kind: 'turn', segmentId: segment.id };
}

/** Imports the requested beds into `store` and adds them to the project, saying where each plays. */
export async function withCliBeds(
  project: Project,
  requests: readonly BedRequest[],
  store: BedStore,
  io: CliIo,
): Promise<Project> {
  if (requests.length === 0) return project;
  const beds: Bed[] = [];
  for (const [index, request] of requests.entries()) {
    const audio = await store.importFile(request.file).catch((error: unknown) => {
      if (error instanceof BedImportError) throw new UserError(`--bed: ${error.message}`);
      throw error;
    });
    beds.push({
      id: `bed${index + 1}`,
      audio,
      anchor: bedAnchor(request, project),
      offsetMs: request.offsetMs,
      ...request.options,
    });
  }
  const withBeds = { ...project, beds };
  const placed = placeBeds(withBeds, buildTimeline(withBeds), 1000);
  for (const { bed, startFrame, frames } of placed) {
    const duck = bed.duck ? `ducked ${bed.duck.depthDb} dB under speech` : 'not ducked';
    io.stderr(
      `plan: bed ${bed.audio.fileName} from ${(startFrame / 1000).toFixed(1)} s for ${(frames / 1000).toFixed(1)} s (as rendered turns may move it)${bed.loop ? ', looped' : ''}, ${duck}\n`,
    );
  }
  return withBeds;
}
