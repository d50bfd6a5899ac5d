/**
 * Piper's phonemes → ids, as piper-phonemize and piper1-gpl do it: the phonemes are the codepoints of the
 * NFD-normalised phoneme string (no grapheme clusters: a combining mark is its own phoneme), and the ids
 * are BOS, pad, then every known phoneme followed by a pad, then EOS:
 * `^ _ p₁ _ p₂ _ … pₙ _ $`. Phonemes missing from the map are skipped and counted.
 */
import type { PiperConfig } from './piper-config';
import { PIPER_BOS, PIPER_EOS, PIPER_PAD } from './piper-config';

export type PhonemeIdMap = Readonly<Record<string, readonly number[]>>;

/** Codepoints of the NFD form. */
export function piperPhonemes(phonemes: string): string[] {
  return Array.from(phonemes.normalize('NFD'));
}

export interface PiperIds {
  ids: number[];
  /** Phonemes not in the map, with counts. */
  missing: Map<string, number>;
}

export function piperPhonemeIds(
  phonemes: readonly string[],
  idMap: PhonemeIdMap,
  phonemeMap: Readonly<Record<string, readonly string[]>> = {},
): PiperIds {
  const pad = idMap[PIPER_PAD] ?? [];
  const ids: number[] = [...(idMap[PIPER_BOS] ?? []), ...pad];
  const missing = new Map<string, number>();
  for (const original of phonemes) {
    for (const phoneme of phonemeMap[original] ?? [original]) {
      const phonemeIds = idMap[phoneme];
      if (!phonemeIds) {
        missing.set(phoneme, (missing.get(phoneme) ?? 0) + 1);
        continue;
      }
      ids.push(...phonemeIds, ...pad);
    }
  }
  ids.push(...(idMap[PIPER_EOS] ?? []));
  return { ids, missing };
}

/** Ids of one phonemised sentence under a voice config. */
export function piperSentenceIds(sentence: string, config: PiperConfig): PiperIds {
  return piperPhonemeIds(piperPhonemes(sentence), config.phoneme_id_map, config.phoneme_map);
}
