import { defaultVoiceRef } from './espeak-voices';
import type { VoiceInfo, VoiceRef } from './voice';

/** Lane colours that read well on the dark theme, in the order new speakers get them. */
export const SPEAKER_COLORS = [
  '#4fb3ff',
  '#ffb457',
  '#c387ff',
  '#6fd69a',
  '#ff7aa8',
  '#4fd1c5',
  '#f2d15c',
  '#9aa8ff',
  '#ff8a65',
  '#a3d977',
] as const;

export function speakerColor(index: number): string {
  return SPEAKER_COLORS[index % SPEAKER_COLORS.length] ?? '#4fb3ff';
}

export function voiceRefOf(info: VoiceInfo): VoiceRef {
  return {
    engine: info.engine,
    ...(info.model ? { model: info.model } : {}),
    voice: info.id,
    params: { ratePercent: 100, pitchSemitones: 0 },
  };
}

/** Stable key of a voice in pickers: engine, model and voice id. */
export function voiceKey(ref: { engine: string; model?: string | undefined; voice: string }): string {
  return `${ref.engine}\u241f${ref.model ?? ''}\u241f${ref.voice}`;
}

export function voiceInfoKey(info: VoiceInfo): string {
  return voiceKey({ engine: info.engine, model: info.model, voice: info.id });
}

/**
 * Picks distinct voices for `count` new speakers: voices of the engine listed first (the host lists its
 * best available engine first), English first, alternating gender where the engine says, skipping voices
 * already in use.
 */
export function pickDefaultVoices(count: number, voices: VoiceInfo[], inUse: VoiceRef[] = []): VoiceRef[] {
  if (count <= 0) return [];
  // Without a list from the host: the bundled espeak defaults, distinct per speaker.
  if (voices.length === 0) return Array.from({ length: count }, (_, i) => defaultVoiceRef(inUse.length + i));
  const engine = voices[0]?.engine;
  const used = new Set(inUse.map(voiceKey));
  const english = (v: VoiceInfo) => (v.language.toLowerCase().startsWith('en') ? 0 : 1);
  const pool = voices
    .filter((v) => v.engine === engine)
    .sort((a, b) => english(a) - english(b))
    .filter((v) => !used.has(voiceInfoKey(v)));
  const candidates = pool.length > 0 ? pool : voices.filter((v) => v.engine === engine);
  const byGender = {
    female: candidates.filter((v) => v.gender === 'female'),
    male: candidates.filter((v) => v.gender === 'male'),
  };
  const alternate = byGender.female.length > 0 && byGender.male.length > 0;
  const picked: VoiceInfo[] = [];
  for (let i = 0; i < count; i++) {
    let choice: VoiceInfo | undefined;
    if (alternate) {
      const list = i % 2 === 0 ? byGender.female : byGender.male;
      choice = list.find((v) => !picked.includes(v));
    }
    choice ??= candidates.find((v) => !picked.includes(v)) ?? candidates[i % candidates.length];
    if (choice) picked.push(choice);
  }
  return picked.map(voiceRefOf);
}
