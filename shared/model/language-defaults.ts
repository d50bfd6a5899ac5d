/** Default voices that follow the language of what each speaker says. */
import { mostlyWrittenIn } from '../text/writing-system';
import type { WritingSystem } from '../text/writing-system';
import { voiceRefOf, voiceKey } from './speaker-defaults';
import type { VoiceInfo, VoiceRef } from './voice';
import {
  defaultVoiceForSystem,
  languageOfVoice,
  voicesForSystem,
  writingSystemsOfLanguage,
} from './voice-languages';

export interface SpeakerWords {
  /** The voice picked without looking at the words. */
  voice: VoiceRef;
  /** Everything the speaker says. */
  texts: readonly string[];
}

/**
 * For each speaker whose turns are mostly in a writing system other than Latin that the picked voice does
 * not read: a voice that reads it, distinct per speaker (the catalog's voices for that system first, else
 * the bundled espeak-ng voice of the language in turn with different variants: `cmn+f3`, `cmn+m3`, ...).
 * Other speakers keep their voice.
 */
export function voicesFollowingLanguage(
  speakers: readonly SpeakerWords[],
  catalog: readonly VoiceInfo[],
  inUse: readonly VoiceRef[] = [],
): VoiceRef[] {
  const used = new Set([...inUse, ...speakers.map((s) => s.voice)].map(voiceKey));
  const nextIndex = new Map<WritingSystem, number>();
  return speakers.map(({ voice, texts }) => {
    const system = mostlyWrittenIn(texts.join(' '));
    if (!system || system === 'Latin') return voice;
    const language = languageOfVoice(voice, catalog);
    if (language !== undefined && writingSystemsOfLanguage(language).includes(system)) return voice;
    const listed = voicesForSystem(system, catalog)
      .map(voiceRefOf)
      .find((ref) => !used.has(voiceKey(ref)));
    let choice = listed;
    for (let tries = 0; choice === undefined && tries < 100; tries++) {
      const index = nextIndex.get(system) ?? 0;
      nextIndex.set(system, index + 1);
      const candidate = defaultVoiceForSystem(system, index);
      if (!used.has(voiceKey(candidate)) || tries === 99) choice = candidate;
    }
    const picked = choice ?? defaultVoiceForSystem(system, 0);
    used.add(voiceKey(picked));
    return picked;
  });
}
