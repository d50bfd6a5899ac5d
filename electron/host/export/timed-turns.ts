/** Every turn with its speaker's name and its exact start and end in the episode, in milliseconds. */
import type { Project } from '../../../shared/model/project';
import { entryTimesMs } from '../../../shared/model/timeline';
import { completeTimeline } from '../render/episode-assembler';

export interface TimedTurnWithId {
  segmentId: string;
  speaker: string;
  text: string;
  startMs: number;
  endMs: number;
}

export function timedTurns(project: Project): TimedTurnWithId[] {
  const timeline = completeTimeline(project);
  const speakers = new Map(project.speakers.map((speaker) => [speaker.id, speaker.name]));
  return project.segments.map((segment, index) => {
    const entry = timeline.entries[index];
    if (!entry) throw new Error(`no timeline entry for ${segment.id}`);
    return {
      segmentId: segment.id,
      speaker: speakers.get(segment.speakerId) ?? segment.speakerId,
      text: segment.text,
      ...entryTimesMs(entry, timeline.sampleRate),
    };
  });
}
