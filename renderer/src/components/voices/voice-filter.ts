/**
 * The voice picker's list: every voice of every engine, narrowed by language, engine, gender, favourites
 * and a search over name, id, language and engine; favourites first, then the catalog's order.
 */
import type { FavouriteVoice } from '../../../../shared/api/models-api';
import { voiceInfoKey, voiceKey } from '../../../../shared/model/speaker-defaults';
import type { VoiceInfo } from '../../../../shared/model/voice';

export interface VoiceFilter {
  search: string;
  /** A primary language subtag (`en`, `cmn`), or '' for all. */
  language: string;
  engine: string;
  gender: '' | 'female' | 'male' | 'neutral';
  favouritesOnly: boolean;
}

export const NO_FILTER: VoiceFilter = {
  search: '',
  language: '',
  engine: '',
  gender: '',
  favouritesOnly: false,
};

/** `en-GB-x-rp` → `en`, `zh-yue` → `zh-yue` is kept apart from Mandarin, `cmn` → `cmn`. */
export function primaryLanguage(tag: string): string {
  const lower = tag.toLowerCase();
  if (lower.startsWith('zh-yue') || lower === 'yue') return 'yue';
  return lower.split('-')[0] ?? lower;
}

let names: Intl.DisplayNames | null | undefined;

/** `en` → "English", `cmn` → "Mandarin Chinese"; the tag itself where the browser has no name. */
export function languageName(tag: string): string {
  if (names === undefined) {
    try {
      names = new Intl.DisplayNames(['en'], { type: 'language' });
    } catch {
      names = null;
    }
  }
  try {
    const name = names?.of(tag);
    return name && name.toLowerCase() !== tag.toLowerCase() ? name : tag;
  } catch {
    return tag;
  }
}

/** The languages the voices speak, by primary subtag, named and sorted by name. */
export function languageChoices(
  voices: readonly VoiceInfo[],
): { tag: string; name: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const voice of voices) {
    const tag = primaryLanguage(voice.language);
    counts.set(tag, (counts.get(tag) ?? 0) + 1);
  }
  return [...counts]
    .map(([tag, count]) => ({ tag, name: languageName(tag), count }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function favouriteKeys(favourites: readonly FavouriteVoice[]): Set<string> {
  return new Set(favourites.map((favourite) => voiceKey(favourite)));
}

export function filterVoices(
  voices: readonly VoiceInfo[],
  filter: VoiceFilter,
  favourites: ReadonlySet<string>,
): VoiceInfo[] {
  const words = filter.search.toLowerCase().split(/\s+/).filter(Boolean);
  const matches = voices.filter((voice) => {
    if (filter.language && primaryLanguage(voice.language) !== filter.language) return false;
    if (filter.engine && voice.engine !== filter.engine) return false;
    if (filter.gender && voice.gender !== filter.gender) return false;
    if (filter.favouritesOnly && !favourites.has(voiceInfoKey(voice))) return false;
    if (words.length === 0) return true;
    const haystack = [
      voice.label,
      voice.id,
      voice.model ?? '',
      voice.engine,
      voice.language,
      languageName(primaryLanguage(voice.language)),
      voice.gender ?? '',
    ]
      .join(' ')
      .toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
  const starred = (voice: VoiceInfo) => (favourites.has(voiceInfoKey(voice)) ? 0 : 1);
  return matches
    .map((voice, index) => ({ voice, index }))
    .sort((a, b) => starred(a.voice) - starred(b.voice) || a.index - b.index)
    .map(({ voice }) => voice);
}

/** A voice's name and its character ("Beatrice — British RP, female" → name and "British RP, female"). */
export function voiceName(voice: VoiceInfo): { name: string; character: string } {
  const [name = voice.label, ...rest] = voice.label.split(' — ');
  return { name, character: rest.join(' — ') };
}
