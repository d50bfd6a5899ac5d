/** A speaker's level (Speaker.gainDb): its range and step. Apart from project.ts so that code applying levels
 * (speaker-levels.ts, in the recording and export threads) does not load the schemas and zod. */
export const MIN_SPEAKER_GAIN_DB = -24;
export const MAX_SPEAKER_GAIN_DB = 12;
export const SPEAKER_GAIN_STEP_DB = 0.5;
