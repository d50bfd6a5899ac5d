import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { matchedGains } from '../../../../shared/model/speaker-levels';
import { collectFloat32 } from '../../../../test-support/float32';
import { burst, projectWithTakes } from '../../export/testing/episode-fixture';
import { LoudnessMeter } from '../../export/loudness/loudness-meter';
import { buildTimeline } from '../../../../shared/model/timeline';
import { assembleEpisode } from '../episode-assembler';
import { measureSpeakerLoudness } from './speaker-loudness';
import { TakeStore } from '../take-store';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempStore(): TakeStore {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-levels-'));
  dirs.push(dir);
  return new TakeStore(dir);
}

describe('measureSpeakerLoudness', () => {
  it('measures each speaker over its takes; matched gains then make the speakers equally loud in the episode', async () => {
    const store = tempStore();
    // Speaker b (turns 1 and 3) about 8 dB quieter than speaker a; turns at mixed rates (22.05/24/44.1 kHz).
    const project = await projectWithTakes(store, {
      1: burst(1.6, 24_000, 7, 0.2),
      3: burst(1.4, 44_100, 9, 0.2),
      0: burst(1.5, 22_050, 3, 0.5),
      2: burst(1.2, 22_050, 4, 0.5),
      4: burst(1.3, 24_000, 5, 0.5),
    });
    const levels = await measureSpeakerLoudness(project, store);
    expect(levels.map((level) => level.speakerId)).toEqual(['a', 'b']);
    const [a, b] = levels as [(typeof levels)[0], (typeof levels)[0]];
    expect(a.measuredMs).toBe(1500 + 1200 + 1300);
    expect(b.measuredMs).toBe(1600 + 1400);
    expect(a.loudnessLufs! - b.loudnessLufs!).toBeGreaterThan(6);
    expect(a.loudnessLufs! - b.loudnessLufs!).toBeLessThan(10);

    const gains = matchedGains(levels);
    const matched = {
      ...project,
      speakers: project.speakers.map((speaker) => ({
        ...speaker,
        gainDb: gains.find((gain) => gain.speakerId === speaker.id)?.gainDb ?? 0,
      })),
    };
    // Measured in the assembled episode, each speaker's turns now land within the half-dB step.
    const episode = await collectFloat32(() => assembleEpisode(matched, store));
    const timeline = buildTimeline(matched);
    const loudness = (speakerId: string) => {
      const meter = new LoudnessMeter(matched.sampleRate, 1, { truePeak: false });
      timeline.entries.forEach((entry) => {
        if (entry.speakerId === speakerId) meter.push(episode.subarray(entry.startSample, entry.endSample));
      });
      return meter.result().integratedLufs!;
    };
    expect(Math.abs(loudness('a') - loudness('b'))).toBeLessThan(0.5);
  });

  it('leaves out turns without a take and takes missing from the store; a speaker with none is null', async () => {
    const store = tempStore();
    const project = await projectWithTakes(store);
    const partial = {
      ...project,
      segments: project.segments.map((segment) =>
        segment.speakerId === 'b' ? { ...segment, take: undefined } : segment,
      ),
    };
    fs.rmSync(store.wavPath(project.segments[2]!.take!.hash));
    const levels = await measureSpeakerLoudness(partial, store);
    expect(levels[1]).toEqual({ speakerId: 'b', loudnessLufs: null, measuredMs: 0 });
    const takeMs = (index: number) =>
      Math.round(
        (project.segments[index]!.take!.durationSamples * 1000) / project.segments[index]!.take!.sampleRate,
      );
    expect(levels[0]!.measuredMs).toBe(takeMs(0) + takeMs(4));
  });
});
