/**
 * How loud each speaker's rendered turns are as the engine made them (before the speaker's level): the
 * measurement behind "match levels" (shared/model/speaker-levels.ts). Each speaker's takes are measured
 * back to back, as the episode uses them (edges faded), with one BS.1770 meter per speaker, so its gating
 * treats the speaker's turns as one programme. Takes at another rate than most of the speaker's (a voice
 * changed without re-rendering) are resampled to it first. Memory: one take at a time.
 */
import type { Project } from '../../../../shared/model/project';
import type { SpeakerLoudness } from '../../../../shared/model/speaker-levels';
import { samplesToMs } from '../../../../shared/model/time';
import { resample } from '../../audio/resampler';
import { LoudnessMeter } from '../../export/loudness/loudness-meter';
import { readEpisodeTake } from '../episode-assembler';
import type { TakeStore } from '../take-store';

/**
 * Loudness of every speaker of `project` over its turns' takes. Turns without a take, or whose take is no
 * longer in the store, are left out (they are not part of what would be heard).
 */
export async function measureSpeakerLoudness(
  project: Project,
  store: TakeStore,
  signal?: AbortSignal,
): Promise<SpeakerLoudness[]> {
  const levels: SpeakerLoudness[] = [];
  for (const speaker of project.speakers) {
    const turns = project.segments.filter((segment) => segment.speakerId === speaker.id && segment.take);
    const rate = mostCommonRate(turns.map((segment) => segment.take!.sampleRate));
    if (rate === undefined) {
      levels.push({ speakerId: speaker.id, loudnessLufs: null, measuredMs: 0 });
      continue;
    }
    const meter = new LoudnessMeter(rate, 1, { truePeak: false });
    let samples = 0;
    for (const segment of turns) {
      if (signal?.aborted) throw new Error('cancelled');
      const take = segment.take!;
      const pcm = await readEpisodeTake(store, segment.id, take).catch(() => null);
      if (!pcm) continue;
      const atRate = take.sampleRate === rate ? pcm : resample(pcm, take.sampleRate, rate);
      meter.push(atRate);
      samples += atRate.length;
    }
    levels.push({
      speakerId: speaker.id,
      loudnessLufs: meter.result().integratedLufs,
      measuredMs: samplesToMs(samples, rate),
    });
  }
  return levels;
}

function mostCommonRate(rates: number[]): number | undefined {
  const counts = new Map<number, number>();
  for (const rate of rates) counts.set(rate, (counts.get(rate) ?? 0) + 1);
  let best: number | undefined;
  for (const [rate, count] of counts) if (best === undefined || count > counts.get(best)!) best = rate;
  return best;
}
