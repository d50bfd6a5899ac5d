import { turnVoice } from '../../../shared/model/turn-voice';
import type { Project, Segment, Take } from '../../../shared/model/project';
import { spokenSignature } from './spoken-text';

/** What a take was made from, as far as this session knows. */
export interface TakeOrigin {
  /** Of the spoken text (pronunciations applied) and the voice. */
  signature: string;
  /** The written text, which restoring the take brings back. */
  text: string;
}

/**
 * Session knowledge about takes: which signature each take hash was rendered from, and the newest take
 * for each signature. Lets the UI flag stale takes and bring a take back when text returns to what it was.
 */
export interface TakeIndex {
  readonly bySignature: Readonly<Record<string, Take>>;
  readonly originByHash: Readonly<Record<string, TakeOrigin>>;
}

export const EMPTY_TAKE_INDEX: TakeIndex = { bySignature: {}, originByHash: {} };

/** The signature a segment would render with now, or null when its speaker is missing. */
export function segmentSignature(project: Project, segment: Segment): string | null {
  const speaker = project.speakers.find((s) => s.id === segment.speakerId);
  return speaker
    ? spokenSignature(segment.text, turnVoice(speaker.voice, segment), project.settings.pronunciations)
    : null;
}

/** Builds the index of an opened project, trusting that each current take matches its segment. */
export function indexProjectTakes(project: Project): TakeIndex {
  const voices = new Map(project.speakers.map((s) => [s.id, s.voice]));
  const bySignature: Record<string, Take> = {};
  const originByHash: Record<string, TakeOrigin> = {};
  for (const segment of project.segments) {
    const voice = voices.get(segment.speakerId);
    if (!segment.take || !voice) continue;
    const signature = spokenSignature(
      segment.text,
      turnVoice(voice, segment),
      project.settings.pronunciations,
    );
    bySignature[signature] = segment.take;
    originByHash[segment.take.hash] = { signature, text: segment.text };
  }
  return { bySignature, originByHash };
}

export function recordTake(index: TakeIndex, signature: string, text: string, take: Take): TakeIndex {
  return {
    bySignature: { ...index.bySignature, [signature]: take },
    originByHash: { ...index.originByHash, [take.hash]: { signature, text } },
  };
}

/**
 * A take is stale when this session knows it was made from a different spoken text or voice than the
 * segment has now.
 */
export function isTakeStale(
  index: TakeIndex,
  take: Take | undefined,
  currentSignature: string | null,
): boolean {
  if (!take || currentSignature === null) return false;
  const origin = index.originByHash[take.hash];
  return origin !== undefined && origin.signature !== currentSignature;
}
