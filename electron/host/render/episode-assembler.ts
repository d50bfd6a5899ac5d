/**
 * Streams an episode's audio: for each turn the gap before it, then its take (edges faded, at its speaker's
 * level) resampled to the project rate.
 * Memory is bounded by the longest single take, never by the episode's length.
 */
import type { Project, Segment, Take } from '../../../shared/model/project';
import { speakerGainFactors } from '../../../shared/model/speaker-levels';
import type { EpisodeTimeline } from '../../../shared/model/timeline';
import { buildTimeline } from '../../../shared/model/timeline';
import { Resampler } from '../audio/resampler';
import { fadeEdges } from './edge-fades';
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
  const silenceBlock = new Float32Array(ASSEMBLY_BLOCK_SAMPLES);
  const gains = speakerGainFactors(project);
  for (const [index, segment] of project.segments.entries()) {
    const entry = timeline.entries[index];
    const take = segment.take;
    if (!entry || !take) throw new MissingTakeError([segment.id]);
    if (signal?.aborted) throw new Error('cancelled');
    yield* silenceBlocks(entry.startSample - entry.gapStartSample, silenceBlock);
    const pcm = await readEpisodeTake(store, segment.id, take, gains.get(segment.speakerId));
    yield* assembleTake(pcm, take.sampleRate, project.sampleRate, entry.endSample - entry.startSample);
  }
}

/**
 * A take's samples as the episode uses them: checked against the metadata the project holds for it, with
 * its edges faded (edge-fades.ts), times `gain` (its speaker's level as a factor).
 */
export async function readEpisodeTake(
  store: TakeStore,
  segmentId: string,
  take: Take,
  gain = 1,
): Promise<Float32Array> {
  const pcm = fadeEdges(await readCheckedTake(store, segmentId, take), take.sampleRate);
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

/** The key of `segment` of `project` with `take` (episodeTurnKeys). */
export function turnKey(project: Pick<Project, 'speakers'>, segment: Segment, take: Take): string {
  const speaker = project.speakers.find((candidate) => candidate.id === segment.speakerId);
  return `${take.hash}@${speaker?.gainDb ?? 0}`;
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

/** `samples` of silence, in blocks of at most ASSEMBLY_BLOCK_SAMPLES (views of `block`, never written). */
export function* silenceBlocks(
  samples: number,
  block = new Float32Array(ASSEMBLY_BLOCK_SAMPLES),
): Generator<Float32Array> {
  for (let remaining = samples; remaining > 0; remaining -= ASSEMBLY_BLOCK_SAMPLES) {
    yield block.subarray(0, Math.min(remaining, ASSEMBLY_BLOCK_SAMPLES));
  }
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
