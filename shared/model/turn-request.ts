/**
 * What the engine is asked for a turn: the words as they are to be said (the written text with the project's
 * pronunciations) and the voice (its speaker's, with the turn's own seed, CFG scale and steps). The studio's
 * renders and cache look-ups and the CLI's render all build their requests here, so a turn keys the same take
 * whichever front end renders it.
 */
import type { Project, Segment } from './project';
import { turnVoice } from './turn-voice';
import type { VoiceRef } from './voice';
import { spokenText } from '../text/spoken-text';

export interface TurnRequest {
  segmentId: string;
  /** The spoken text: what the engine says and the take is keyed by (the take keeps the written words). */
  text: string;
  voice: VoiceRef;
}

/** The request for `segment` of `project`; undefined when its speaker is not in the project. */
export function turnRequestFor(
  project: Pick<Project, 'speakers' | 'settings'>,
  segment: Segment,
): TurnRequest | undefined {
  const speaker = project.speakers.find((candidate) => candidate.id === segment.speakerId);
  if (!speaker) return undefined;
  return {
    segmentId: segment.id,
    text: spokenText(segment.text, project.settings.pronunciations),
    voice: turnVoice(speaker.voice, segment),
  };
}
