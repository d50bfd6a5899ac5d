/**
 * Speaker levels: each speaker's gain (Speaker.gainDb) as a factor, and "match levels", the gains that bring
 * every speaker's rendered turns to the same loudness. Shared by the player (previews), the host (exports)
 * and the CLI, so that what is heard in the studio is what the episode gets.
 */
import type { Project } from './project';
import { MAX_SPEAKER_GAIN_DB, MIN_SPEAKER_GAIN_DB, SPEAKER_GAIN_STEP_DB } from './speaker-gain-limits';

/** Loudness of one speaker's rendered turns as the engine made them (before the speaker's gain). */
export interface SpeakerLoudness {
  speakerId: string;
  /** Integrated loudness (BS.1770, gated) of the speaker's takes, or null when nothing audible is rendered. */
  loudnessLufs: number | null;
  /** Audio measured: the speaker's rendered takes, back to back. */
  measuredMs: number;
}

/** A gain in dB as a linear factor. */
export function dbToFactor(db: number): number {
  return 10 ** (db / 20);
}

/** The linear gain of each speaker of `project` (1 for a speaker at 0 dB). */
export function speakerGainFactors(project: Pick<Project, 'speakers'>): Map<string, number> {
  return new Map(project.speakers.map((speaker) => [speaker.id, dbToFactor(speaker.gainDb)]));
}

/** `db` on the speaker-level scale: a multiple of SPEAKER_GAIN_STEP_DB within its limits. */
export function toGainStep(db: number): number {
  const stepped = Math.round(db / SPEAKER_GAIN_STEP_DB) * SPEAKER_GAIN_STEP_DB;
  // `+ 0` turns −0 into 0.
  return Math.min(MAX_SPEAKER_GAIN_DB, Math.max(MIN_SPEAKER_GAIN_DB, stepped)) + 0;
}

/** Shortest speech worth matching a speaker by: below it the measurement says little. */
export const MIN_MATCH_MS = 1_000;

/**
 * Gains that put every measured speaker at the loudness of the median one (so that the episode's overall
 * level moves as little as possible; export normalisation sets that anyway). Speakers with less than
 * MIN_MATCH_MS of audible rendered speech keep their gain and are not listed. Fewer than two measurable
 * speakers: nothing to match, an empty list.
 */
export function matchedGains(levels: SpeakerLoudness[]): Array<{ speakerId: string; gainDb: number }> {
  const measured = levels.filter(
    (level): level is SpeakerLoudness & { loudnessLufs: number } =>
      level.loudnessLufs !== null && level.measuredMs >= MIN_MATCH_MS,
  );
  if (measured.length < 2) return [];
  const sorted = measured.map((level) => level.loudnessLufs).sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const reference = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return measured.map((level) => ({
    speakerId: level.speakerId,
    gainDb: toGainStep(reference - level.loudnessLufs),
  }));
}

/** "+1.5 dB", "0 dB", "−3 dB": a speaker's level as the studio shows it. */
export function formatGainDb(db: number): string {
  if (db === 0) return '0 dB';
  return `${db > 0 ? '+' : '−'}${Math.abs(db)} dB`;
}
