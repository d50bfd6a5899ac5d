/** Beds under the timeline's preview: placed, ducked and faded by the shared curve, started and stopped. */
import { describe, expect, it } from 'vitest';
import { bedUrlPath } from '../../../shared/api/take-url';
import type { Bed } from '../../../shared/model/beds';
import { curveGainAt } from '../../../shared/model/bed-preview';
import type { Project } from '../../../shared/model/project';
import { createFakeApi } from '../dev/fake-api';
import { createDocumentStore, selectProject } from '../state/document-store';
import { sampleProject } from '../state/test-fixtures';
import { computeLayout } from '../timeline/timeline-layout';
import { planBeds, programEndMs } from './bed-plan';
import type { BedVoice } from './bed-player';
import { PlaybackController, playbackItems } from './playback-controller';
import type { MediaLike, PlayerClock } from './sequential-player';
import { TakeUrlCache } from './take-url-cache';

const HASH = 'f'.repeat(64);

function bed(extra: Partial<Bed> = {}): Bed {
  return {
    id: 'bed1',
    audio: { hash: HASH, sampleRate: 48_000, channels: 2, durationSamples: 96_000, fileName: 'music.wav' },
    anchor: { kind: 'start' },
    offsetMs: 0,
    durationMs: 8000,
    loop: true,
    fadeInMs: 0,
    fadeOutMs: 0,
    gainDb: 0,
    duck: { depthDb: -12, attackMs: 100, releaseMs: 200 },
    ...extra,
  };
}

/** s1 speaks over [0, 2000) ms, s2 over [4000, 5000); s3 has no take. */
function project(beds: Bed[]): Project {
  const p = sampleProject();
  p.segments[1]!.gapBeforeMs = 2000;
  return { ...p, beds };
}

/** Every take is loud from end to end ([min, max] pairs per 256 frames at 24 kHz). */
const loud = { sampleRate: 24_000, samplesPerPeak: 256, peaks: new Array(2 * 200).fill(0.5) };

class FakeMedia implements MediaLike {
  src = '';
  currentTime = 0;
  loop = false;
  playing = false;
  async play() {
    this.playing = true;
  }
  pause() {
    this.playing = false;
  }
  addEventListener() {}
  removeEventListener() {}
}

function setup(beds: Bed[]) {
  const voices: Array<{ bedId: string; media: FakeMedia; gains: number[]; disposed: boolean }> = [];
  const clock: PlayerClock = {
    now: () => 0,
    setTimeout: () => 0,
    clearTimeout: () => {},
    frame: () => 0,
    cancelFrame: () => {},
  };
  const documents = createDocumentStore();
  documents.getState().load('/p', project(beds));
  const controller = new PlaybackController(
    documents,
    new TakeUrlCache(createFakeApi()),
    new FakeMedia(),
    clock,
    () => {},
    { setGain: () => {} },
    undefined,
    {
      createVoice: (planned): BedVoice => {
        const record = {
          bedId: planned.bedId,
          media: new FakeMedia(),
          gains: [] as number[],
          disposed: false,
        };
        voices.push(record);
        return {
          media: record.media,
          output: { setGain: (gain) => record.gains.push(gain) },
          dispose: () => {
            record.disposed = true;
          },
        };
      },
      peaksOf: () => loud,
      onPeaks: () => () => {},
    },
  );
  return { controller, voices, documents };
}

const flush = () => new Promise((r) => setTimeout(r, 0));
const db = (gain: number) => 20 * Math.log10(gain);

describe('beds in the preview', () => {
  it('plays a bed under the timeline from where the playhead is, ducked under speech and up in a gap', async () => {
    const { controller, voices } = setup([bed()]);
    expect(controller.playAll()).toBe(true);
    await flush();
    expect(voices).toHaveLength(1);
    const voice = voices[0]!;
    expect(voice.media.src).toBe(bedUrlPath('/p', HASH));
    expect(voice.media.playing).toBe(true);
    expect(voice.media.loop).toBe(true);
    expect(db(voice.gains.at(-1)!)).toBeCloseTo(-12, 1); // s1 speaks at 0: the bed starts ducked

    // In the gap between the turns (speech ended at 2000 + hold + release), at full level; the file (2 s,
    // looping) is 1 s in.
    controller.seek(3000);
    await flush();
    expect(voice.gains.at(-1)).toBeCloseTo(1, 3);
    expect(voice.media.currentTime).toBeCloseTo(1, 3);
    expect(voice.media.playing).toBe(true);

    controller.stop();
    expect(voice.media.playing).toBe(false);
  });

  it('is silent while one turn alone is previewed', async () => {
    const { controller, voices } = setup([bed()]);
    expect(controller.playTurn('s1')).toBe(true);
    await flush();
    expect(voices.every((v) => !v.media.playing)).toBe(true);
  });

  it('plays an outro after the last word: the programme runs on to its end', async () => {
    const outro = bed({
      anchor: { kind: 'end' },
      offsetMs: 0,
      durationMs: undefined,
      loop: false,
      duck: undefined,
    });
    const { controller, voices, documents } = setup([outro]);
    const p = selectProject(documents.getState())!;
    const speechEnd = computeLayout(p).totalMs;
    expect(programEndMs(p)).toBe(speechEnd + 2000);
    controller.seek(speechEnd + 1000);
    expect(controller.toggle()).toBe(true);
    await flush();
    expect(controller.store.getState().status).not.toBe('stopped');
    expect(voices[0]!.media.playing).toBe(true);
    expect(voices[0]!.media.currentTime).toBeCloseTo(1, 3);
  });

  it('takes the gain of the shared curve, with the bed level and fades', () => {
    const p = project([bed({ gainDb: -6, fadeInMs: 1000, duck: undefined })]);
    const [planned] = planBeds(p, playbackItems(p, 0, p.segments.length), () => loud);
    expect(planned!.startMs).toBe(0);
    expect(planned!.endMs).toBe(8000);
    expect(curveGainAt(planned!.curve, 0)).toBe(0);
    expect(db(curveGainAt(planned!.curve, 500))).toBeCloseTo(-6 + db(0.5), 1); // half-way up the fade
    expect(db(curveGainAt(planned!.curve, 3000))).toBeCloseTo(-6, 2);
  });

  it('a bed edited while the timeline plays is heard with its new settings', async () => {
    const { controller, voices, documents } = setup([bed()]);
    controller.seek(3000);
    controller.playFromMs(3000);
    await flush();
    expect(voices[0]!.gains.at(-1)).toBeCloseTo(1, 3);
    documents.getState().edit((p) => ({ ...p, beds: [bed({ gainDb: -10 })] }));
    await new Promise((r) => setTimeout(r, 250)); // the plan is made again within REPLAN_MS
    controller.seek(3010);
    expect(db(voices[0]!.gains.at(-1)!)).toBeCloseTo(-10, 1);
  });
});
