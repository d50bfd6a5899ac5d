/**
 * The episode as an export hears it: the turns assembled at the export rate (each take resampled once) and
 * spread to the export's channels, as interleaved float blocks. Replayable: each call streams it afresh.
 */
import type { Project } from '../../../shared/model/project';
import { assembleEpisode } from '../render/episode-assembler';
import type { TakeStore } from '../render/take-store';

/**
 * The project with its timeline at `sampleRate`: turns keep their places in milliseconds, takes are resampled
 * once from their own rate (through the project's rate would be twice: worse, and at 24 → 44.1 kHz slow).
 */
export function atSampleRate(project: Project, sampleRate: number): Project {
  return project.sampleRate === sampleRate ? project : { ...project, sampleRate };
}

export function exportSource(
  project: Project,
  store: TakeStore,
  sampleRate: number,
  channels: 1 | 2,
  signal?: AbortSignal,
): () => AsyncGenerator<Float32Array> {
  const atRate = atSampleRate(project, sampleRate);
  return async function* () {
    for await (const block of assembleEpisode(atRate, store, signal)) {
      // A copy: assembled silence is one shared block, and later stages may work in place.
      yield channels === 1 ? block.slice() : spreadChannels(block, channels);
    }
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
