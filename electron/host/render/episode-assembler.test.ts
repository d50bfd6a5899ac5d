import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTimeline } from '../../../shared/model/timeline';
import { collectFloat32 } from '../../../test-support/float32';
import { projectWithTakes } from '../export/testing/episode-fixture';
import { assembleEpisode, episodeTurnKeys } from './episode-assembler';
import { TakeStore } from './take-store';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('assembleEpisode', () => {
  it('places a take that starts and stops mid-waveform between silent gaps without a click', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-assemble-'));
    dirs.push(dir);
    const store = new TakeStore(dir);
    // Turn 1 (24 kHz) is a level that jumps from silence to 0.5 and back: the worst edge an engine can give.
    const project = await projectWithTakes(store, { 1: new Float32Array(12_000).fill(0.5) });
    const episode = await collectFloat32(() => assembleEpisode(project, store));
    const timeline = buildTimeline(project);
    expect(episode.length).toBe(timeline.totalSamples);

    const entry = timeline.entries[1]!;
    expect(episode[entry.startSample - 1]).toBe(0); // the gap stays digital silence
    expect(Math.abs(episode[entry.startSample]!)).toBeLessThan(0.01);
    expect(Math.abs(episode[entry.endSample - 1]!)).toBeLessThan(0.01);
    expect(episode[entry.endSample]).toBe(0);
    let largestStep = 0;
    for (let i = entry.startSample - 10; i < entry.endSample + 10; i++)
      largestStep = Math.max(largestStep, Math.abs(episode[i]! - episode[i - 1]!));
    expect(largestStep).toBeLessThan(0.02); // without the fades: 0.5, a click
    // The middle of the take is the take.
    expect(episode[Math.round((entry.startSample + entry.endSample) / 2)]).toBeCloseTo(0.5, 3);
  });

  it("plays each speaker's turns at the speaker's level and leaves the others and the gaps alone", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-assemble-'));
    dirs.push(dir);
    const store = new TakeStore(dir);
    const project = await projectWithTakes(store);
    const plain = await collectFloat32(() => assembleEpisode(project, store));
    const quieter = {
      ...project,
      speakers: project.speakers.map((s) => (s.id === 'b' ? { ...s, gainDb: -6 } : s)),
    };
    const levelled = await collectFloat32(() => assembleEpisode(quieter, store));
    expect(levelled.length).toBe(plain.length);
    const timeline = buildTimeline(project);
    for (const [index, entry] of timeline.entries.entries()) {
      const factor = project.segments[index]!.speakerId === 'b' ? 10 ** (-6 / 20) : 1;
      for (let i = entry.gapStartSample; i < entry.endSample; i += 7) {
        expect(levelled[i]).toBeCloseTo(plain[i]! * factor, 6);
      }
    }
    // The recording made while rendering is keyed by take and level: a new level is a new episode.
    expect(episodeTurnKeys(quieter)).not.toEqual(episodeTurnKeys(project));
    expect(episodeTurnKeys(quieter).filter((key, i) => key === episodeTurnKeys(project)[i])).toHaveLength(3);
  });
});
