/**
 * What a new pronunciation list would do to the open project's turns, for the Pronunciations dialog to say
 * before it is applied. Follows setPronunciations (document-edits.ts) turn by turn, so the numbers are what
 * Apply does.
 */
import { turnVoice } from '../../../shared/model/turn-voice';
import type { Project } from '../../../shared/model/project';
import type { Pronunciation } from '../../../shared/text/pronunciations';
import { spokenSignature } from './spoken-text';
import type { TakeIndex } from './take-index';

export interface PronunciationImpact {
  /** Turns whose spoken text the new list changes. */
  changed: number;
  /**
   * Of those, the unlocked turns that lose their take and have no earlier take for their new spoken text:
   * Render all renders them again.
   */
  rerender: number;
  /** Of those, the locked turns: they keep their take, which then shows as stale. */
  locked: number;
}

export function pronunciationImpact(
  project: Project,
  entries: readonly Pronunciation[],
  index: TakeIndex,
): PronunciationImpact {
  const before = project.settings.pronunciations;
  const impact: PronunciationImpact = { changed: 0, rerender: 0, locked: 0 };
  if (before === entries) return impact;
  const voices = new Map(project.speakers.map((s) => [s.id, s.voice]));
  for (const segment of project.segments) {
    const speakerVoice = voices.get(segment.speakerId);
    if (!speakerVoice) continue;
    const voice = turnVoice(speakerVoice, segment);
    const after = spokenSignature(segment.text, voice, entries);
    if (after === spokenSignature(segment.text, voice, before)) continue;
    impact.changed++;
    if (segment.locked) impact.locked++;
    else if (segment.take && !index.bySignature[after]) impact.rerender++;
  }
  return impact;
}
