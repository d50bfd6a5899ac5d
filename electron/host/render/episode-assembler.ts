/**
 * Streams an episode's audio exactly as the timeline places it: each turn's take trimmed, its edges and its
 * clip fades applied, at its speaker's level, resampled to the project rate and put at its start; gaps are
 * silence and overlapping turns (cross-talk) are summed (episode-mixer.ts).
 * Memory is bounded by the turns sounding at once, never by the episode's length.
 */
import type { Project, Segment, Take } from '../../../shared/model/project';
import { speakerGainFactors } from '../../../shared/model/speaker-levels';
import type { EpisodeTimeline } from '../../../shared/model/timeline';
import { buildTimeline } from '../../../shared/model/timeline';
import { applyClipFades, signedGapMs, trimmedRange } from '../../../shared/model/clip';
import { Resampler } from '../audio/resampler';
import { fadeEdges } from './edge-fades';
import { EpisodeMixer } from './episode-mixer';
import type { TakeStore } from './take-store';
import { counted } from '../../../shared/text/plural';

export const ASSEMBLY_BLOCK_SAMPLES = 16_384;

export class MissingTakeError extends Error {
  constructor(readonly segmentIds: string[]) {
    super(
      `${counted(segmentIds.length, 'turn has', 'turns have')} no rendered take (${segmentIds.slice(0, 5).join(', ')}${segmentIds.length > 5 ? ', ...' : ''}): render them first`,
    );
    this.name = 'MissingTakeError';
  }
}

/** The timeline of a project whose every turn has a take; throws MissingTakeError otherwise. */
export function completeTimeline(project: Project): EpisodeTimeline {
  const missing = project.segments.filter((segment) => !segment.take).map((segment) => segment.id);
  if (missing.length > 0) throw new MissingTakeError(missing);
  return buildTimeline(project);
}

/** Mono float32 blocks at `project.sampleRate`, exactly `timeline.totalSamples` long in total. */
export async function* assembleEpisode(
  project: Project,
  store: TakeStore,
  signal?: AbortSignal,
): AsyncGenerator<Float32Array> {
  const timeline = completeTimeline(project);
  const gains = speakerGainFactors(project);
  const mixer = new EpisodeMixer();
  for (const [index, segment] of project.segments.entries()) {
    const entry = timeline.entries[index];
    const take = segment.take;
    if (!entry || !take) throw new MissingTakeError([segment.id]);
    if (signal?.aborted) throw new Error('cancelled');
    const pcm = await readEpisodeTake(store, segment.id, take, gains.get(segment.speakerId), segment);
    const length = entry.endSample - entry.startSample;
    yield* mixer.add(entry.startSample, takeAtRate(pcm, take.sampleRate, project.sampleRate, length));
  }
  yield* mixer.finish(timeline.totalSamples);
}

/** A (prepared) take at the project rate, exactly `expectedSamples` long, as one array. */
export function takeAtRate(
  pcm: Float32Array,
  takeRate: number,
  projectRate: number,
  expectedSamples: number,
): Float32Array {
  const out = new Float32Array(expectedSamples);
  let offset = 0;
  for (const block of assembleTake(pcm, takeRate, projectRate, expectedSamples)) {
    out.set(block, offset);
    offset += block.length;
  }
  return out;
}

/**
 * A take's samples as the episode uses them: checked against the metadata the project holds for it,
 * trimmed as `clip` (the turn) says, its edges faded (edge-fades.ts) and the clip's own fades applied
 * (shared/model/clip.ts), times `gain` (its speaker's level as a factor). Without `clip`: the whole take.
 */
export async function readEpisodeTake(
  store: TakeStore,
  segmentId: string,
  take: Take,
  gain = 1,
  clip?: Segment,
): Promise<Float32Array> {
  const whole = await readCheckedTake(store, segmentId, take);
  const range = clip ? trimmedRange(clip, whole.length, take.sampleRate) : { first: 0, end: whole.length };
  const trimmed =
    range.first === 0 && range.end === whole.length ? whole : whole.slice(range.first, range.end);
  const pcm = fadeEdges(trimmed, take.sampleRate);
  if (clip) applyClipFades(pcm, clip, take.sampleRate);
  if (gain !== 1) for (let i = 0; i < pcm.length; i++) pcm[i] = (pcm[i] as number) * gain;
  return pcm;
}

/**
 * What a turn contributes to the episode's audio, as a string: its take and its speaker's level. A recording
 * of the episode (episode-recorder.ts) is used only for turns whose keys all match.
 */
export function episodeTurnKeys(project: Project): string[] {
  return project.segments.map((segment) => (segment.take ? turnKey(project, segment, segment.take) : ''));
}

/** The key of `segment` of `project` with `take` (episodeTurnKeys): take, level, placement, trims, fades. */
export function turnKey(project: Pick<Project, 'speakers'>, segment: Segment, take: Take): string {
  const speaker = project.speakers.find((candidate) => candidate.id === segment.speakerId);
  const clip = [
    signedGapMs(segment),
    segment.trimStartMs ?? 0,
    segment.trimEndMs ?? 0,
    segment.fadeInMs ?? 0,
    segment.fadeOutMs ?? 0,
  ];
  return `${take.hash}@${speaker?.gainDb ?? 0}|${clip.join(',')}`;
}

/** A take's samples, checked against the metadata the project holds for it. */
export async function readCheckedTake(
  store: TakeStore,
  segmentId: string,
  take: Take,
): Promise<Float32Array> {
  const { pcm, sampleRate } = await store.read(take.hash);
  if (pcm.length !== take.durationSamples || sampleRate !== take.sampleRate) {
    throw new Error(
      `take ${take.hash} of turn ${segmentId} does not match the project (re-render this turn)`,
    );
  }
  return pcm;
}

/**
 * One take at the project rate, exactly `expectedSamples` long (the timeline's length for it: resampling
 * gives round(n·B/A) samples, so this only guards against a take that does not match its metadata).
 */
export function* assembleTake(
  pcm: Float32Array,
  takeRate: number,
  projectRate: number,
  expectedSamples: number,
): Generator<Float32Array> {
  const resampler = new Resampler(takeRate, projectRate);
  let produced = 0;
  const emit = function* (block: Float32Array) {
    const room = expectedSamples - produced;
    const out = block.length > room ? block.subarray(0, room) : block;
    produced += out.length;
    if (out.length > 0) yield out;
  };
  for (let offset = 0; offset < pcm.length; offset += ASSEMBLY_BLOCK_SAMPLES) {
    yield* emit(resampler.process(pcm.subarray(offset, offset + ASSEMBLY_BLOCK_SAMPLES)));
  }
  yield* emit(resampler.flush());
  if (produced < expectedSamples) yield new Float32Array(expectedSamples - produced);
}
