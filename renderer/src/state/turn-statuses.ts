/** Per-turn display status for the whole project, memoised on the inputs' identities. */
import type { Project, Segment } from '../../../shared/model/project';
import type { VoiceRef } from '../../../shared/model/voice';
import type { Pronunciation } from '../../../shared/text/pronunciations';
import { turnStatus, type RenderEntry, type TurnStatus } from './render-store';
import { spokenSignature } from './spoken-text';
import { turnVoice } from '../../../shared/model/turn-voice';
import type { TakeIndex } from './take-index';

const signatureCache = new WeakMap<
  Segment,
  { voice: VoiceRef; pronunciations: readonly Pronunciation[]; signature: string }
>();

/**
 * The segment's signature with a voice and a pronunciation list, cached per segment object, voice object
 * and list object (edits replace all three rather than change them, so identity is enough).
 */
export function cachedSignature(
  segment: Segment,
  voice: VoiceRef,
  pronunciations: readonly Pronunciation[],
): string {
  const hit = signatureCache.get(segment);
  if (hit && hit.voice === voice && hit.pronunciations === pronunciations) return hit.signature;
  // The turn's own seed, CFG scale and steps are part of the segment object, so the cache stays right.
  const signature = spokenSignature(segment.text, turnVoice(voice, segment), pronunciations);
  signatureCache.set(segment, { voice, pronunciations, signature });
  return signature;
}

let last: {
  project: Project;
  index: TakeIndex;
  entries: Readonly<Record<string, RenderEntry>>;
  statuses: TurnStatus[];
} | null = null;

export function turnStatuses(
  project: Project,
  index: TakeIndex,
  entries: Readonly<Record<string, RenderEntry>>,
): TurnStatus[] {
  if (last && last.project === project && last.index === index && last.entries === entries)
    return last.statuses;
  const voices = new Map(project.speakers.map((s) => [s.id, s.voice]));
  const { pronunciations } = project.settings;
  const statuses = project.segments.map((segment) => {
    const voice = voices.get(segment.speakerId);
    const signature = voice ? cachedSignature(segment, voice, pronunciations) : null;
    return turnStatus(segment, signature, entries[segment.id], index);
  });
  last = { project, index, entries, statuses };
  return statuses;
}

export interface StatusCounts {
  done: number;
  pending: number;
  active: number;
  failed: number;
}

export function countStatuses(statuses: readonly TurnStatus[], segments: readonly Segment[]): StatusCounts {
  const counts: StatusCounts = { done: 0, pending: 0, active: 0, failed: 0 };
  statuses.forEach((status, i) => {
    if (status === 'done') counts.done++;
    else if (status === 'queued' || status === 'rendering') counts.active++;
    else if (status === 'failed') counts.failed++;
    if ((status === 'unrendered' || status === 'stale' || status === 'failed') && !segments[i]?.locked)
      counts.pending++;
  });
  return counts;
}
