/**
 * The episode as an export hears it: assembled turns (mono, project rate) resampled to the export rate and
 * spread to the export's channels, as interleaved float blocks. Replayable: each call streams it afresh.
 */
import type { Project } from '../../../shared/model/project';
import { Resampler } from '../audio/resampler';
import { assembleEpisode } from '../render/episode-assembler';
import type { TakeStore } from '../render/take-store';

export function exportSource(
  project: Project,
  store: TakeStore,
  sampleRate: number,
  channels: 1 | 2,
  signal?: AbortSignal,
): () => AsyncGenerator<Float32Array> {
  return async function* () {
    const resampler = new Resampler(project.sampleRate, sampleRate);
    for await (const block of assembleEpisode(project, store, signal)) {
      const out = resampler.process(block);
      if (out.length > 0) yield spreadChannels(out, channels);
    }
    const tail = resampler.flush();
    if (tail.length > 0) yield spreadChannels(tail, channels);
  };
}

/** Mono to the export's channels (interleaved; the same block when mono). */
export function spreadChannels(mono: Float32Array, channels: 1 | 2): Float32Array {
  if (channels === 1) return mono;
  const out = new Float32Array(mono.length * 2);
  for (let i = 0; i < mono.length; i++) {
    const value = mono[i] ?? 0;
    out[2 * i] = value;
    out[2 * i + 1] = value;
  }
  return out;
}
