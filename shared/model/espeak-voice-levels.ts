/**
 * Level trims for the bundled espeak-ng voices, in dB (never positive, so no sample can clip). eSpeak NG's
 * variants differ in loudness by up to 3.2 LU on the same text (Fiona, `+f4` with breath noise, the
 * loudest; Gus, Ivan and Lee the quietest), and an export normalises the episode, not each speaker: a
 * speaker given a loud default voice stood out. Measured with BS.1770 (this app's meter) on a 3-sentence
 * paragraph at the default rate and pitch, each voice is brought to about −21.5 LUFS there; held-out text
 * stays within 1 LU of the median (`voice-levels.test.ts`).
 */
const TRIM_DB: Readonly<Record<string, number>> = {
  'en-us+m3': -0.5,
  'en-gb-x-rp+f3': -1.1,
  'en-gb-scotland+m1': -0.1,
  'en-us+f2': -1.9,
  'en-029+m7': -1.6,
  'en-gb-x-gbclan+f4': -2.9,
  'en+f5': -1.0,
  'en-us+f1': -1.7,
  'en-gb-x-rp+m6': -0.4,
};

/** The trim applied to an espeak voice id (0 for voices without one, e.g. every other language's). */
export function espeakVoiceTrimDb(voice: string): number {
  return Object.hasOwn(TRIM_DB, voice) ? (TRIM_DB[voice] ?? 0) : 0;
}
