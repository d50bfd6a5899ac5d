/**
 * Speaker levels on the command line: `--gain "Guest=+1.5"` sets a speaker's level in dB, `--match-levels`
 * measures every speaker's rendered turns and brings them to the same loudness (speaker-levels.ts).
 */
import type { Project } from '../../shared/model/project';
import { MAX_SPEAKER_GAIN_DB, MIN_SPEAKER_GAIN_DB, SPEAKER_GAIN_STEP_DB } from '../../shared/model/project';
import { formatGainDb, matchedGains } from '../../shared/model/speaker-levels';
import { measureSpeakerLoudnessOnThread } from '../host/render/levels/speaker-loudness-on-thread';
import type { TakeStore } from '../host/render/take-store';
import { UserError } from './cli-io';

const GAIN = /^([+-]?(\d+(\.\d*)?|\.\d+))\s*(db)?$/i;
const RANGE = `from ${MIN_SPEAKER_GAIN_DB} to +${MAX_SPEAKER_GAIN_DB} dB in ${SPEAKER_GAIN_STEP_DB} dB steps`;

/** `--gain "Speaker=<dB>"` values by speaker name. */
export function parseGainOverrides(values: string[]): Map<string, number> {
  const gains = new Map<string, number>();
  for (const value of values) {
    const equals = value.lastIndexOf('=');
    const speaker = value.slice(0, Math.max(0, equals)).trim();
    const match = GAIN.exec(value.slice(equals + 1).trim());
    if (equals <= 0 || !speaker || !match) {
      throw new UserError(`--gain "${value}" is not of the form "Speaker=<dB>"`, 'e.g. --gain "Guest=+1.5"');
    }
    const db = Number(match[1]);
    if (
      db < MIN_SPEAKER_GAIN_DB ||
      db > MAX_SPEAKER_GAIN_DB ||
      !Number.isInteger(db / SPEAKER_GAIN_STEP_DB)
    ) {
      throw new UserError(`--gain "${value}": a speaker's level is ${RANGE}`, 'e.g. --gain "Guest=-2.5"');
    }
    gains.set(speaker, db + 0);
  }
  return gains;
}

/** The project with the given speakers' levels (by name; every name must be a speaker of the project). */
export function withGains(project: Project, gains: Map<string, number>): Project {
  if (gains.size === 0) return project;
  return {
    ...project,
    speakers: project.speakers.map((speaker) =>
      gains.has(speaker.name) ? { ...speaker, gainDb: gains.get(speaker.name)! } : speaker,
    ),
  };
}

/**
 * Measures the speakers' rendered turns and sets the levels that make them equally loud. Returns the project
 * and a line for the log: what each speaker got, or why nothing was matched.
 */
export async function matchLevels(
  project: Project,
  store: TakeStore,
): Promise<{ project: Project; summary: string }> {
  const gains = matchedGains(await measureSpeakerLoudnessOnThread(project, store));
  if (gains.length === 0) {
    return {
      project,
      summary: 'levels not matched: fewer than two speakers have a second of speech to measure',
    };
  }
  const byId = new Map(gains.map((gain) => [gain.speakerId, gain.gainDb]));
  const matched = {
    ...project,
    speakers: project.speakers.map((speaker) =>
      byId.has(speaker.id) ? { ...speaker, gainDb: byId.get(speaker.id)! } : speaker,
    ),
  };
  const described = matched.speakers
    .filter((speaker) => byId.has(speaker.id))
    .map((speaker) => `${speaker.name} ${formatGainDb(speaker.gainDb)}`);
  return { project: matched, summary: `levels matched: ${described.join(', ')}` };
}
