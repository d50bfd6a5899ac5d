import { describe, expect, it } from 'vitest';
import { createFakeApi } from '../dev/fake-api';
import { createDocumentStore } from '../state/document-store';
import { sampleProject } from '../state/test-fixtures';
import { PlaybackController, playbackItems } from './playback-controller';
import type { MediaLike, PlayerClock } from './sequential-player';
import { TakeUrlCache } from './take-url-cache';

function setup() {
  const played: Array<{ src: string; at: number }> = [];
  const gains: number[] = [];
  const media: MediaLike = {
    src: '',
    currentTime: 0,
    async play() {
      played.push({ src: this.src, at: this.currentTime });
    },
    pause() {},
    addEventListener() {},
    removeEventListener() {},
  };
  const clock: PlayerClock = {
    now: () => 0,
    setTimeout: () => 0,
    clearTimeout: () => {},
    frame: () => 0,
    cancelFrame: () => {},
  };
  const documents = createDocumentStore();
  documents.getState().load('/p', sampleProject());
  const controller = new PlaybackController(
    documents,
    new TakeUrlCache(createFakeApi()),
    media,
    clock,
    () => {},
    { setGain: (gain) => gains.push(gain) },
  );
  return { controller, played, gains, documents };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('playback controller', () => {
  it('plans items with timeline positions and take hashes', () => {
    const items = playbackItems(sampleProject(), 1, 3);
    expect(items.map((i) => [i.segmentId, i.startMs, i.gapBeforeMs, i.hash !== null])).toEqual([
      ['s2', 2300, 300, true],
      ['s3', 3600, 300, false],
    ]);
  });

  it("gives each item its speaker's gain as a factor", () => {
    const project = sampleProject();
    project.speakers[1]!.gainDb = 6;
    project.speakers[0]!.gainDb = -20;
    const items = playbackItems(project, 0, 3);
    expect(items.map((i) => i.segmentId)).toEqual(['s1', 's2', 's3']);
    expect(items[0]!.gain).toBeCloseTo(0.1);
    expect(items[1]!.gain).toBeCloseTo(1.9953);
    expect(items[2]!.gain).toBeCloseTo(0.1);
  });

  it("plays at the speaker's level, and a level changed while playing is heard at once", async () => {
    const { controller, gains, documents } = setup();
    expect(controller.playTurn('s2')).toBe(true);
    await flush();
    expect(gains).toEqual([1]);
    documents.getState().edit((p) => ({
      ...p,
      speakers: p.speakers.map((s) => (s.id === 'b' ? { ...s, gainDb: 6 } : s)),
    }));
    expect(gains).toHaveLength(2);
    expect(gains[1]).toBeCloseTo(1.9953);
    // Edits that leave the speakers alone do not touch the level; nor does anything once stopped.
    documents.getState().edit((p) => ({ ...p, title: 'Renamed' }));
    controller.stop();
    documents.getState().edit((p) => ({
      ...p,
      speakers: p.speakers.map((s) => (s.id === 'b' ? { ...s, gainDb: 0 } : s)),
    }));
    expect(gains).toHaveLength(2);
    controller.dispose();
  });

  it('plays a turn, refuses one without audio, and plays from a point inside a turn', async () => {
    const { controller, played } = setup();
    expect(controller.playTurn('s3')).toBe(false);
    expect(controller.playTurn('s2')).toBe(true);
    await flush();
    expect(played.at(-1)?.src).toContain('fake://take/');
    expect(controller.store.getState()).toMatchObject({ status: 'playing', segmentId: 's2', mode: 'turn' });
    controller.stop();
    expect(controller.store.getState().status).toBe('stopped');
    expect(controller.playFromMs(2800)).toBe(true);
    await flush();
    expect(played.at(-1)?.at).toBeCloseTo(0.5);
    controller.dispose();
  });

  it('J moves the playhead back and L on, inside the episode; L plays when stopped', async () => {
    const { controller, played } = setup();
    controller.seek(3000);
    controller.seekBy(-5000);
    expect(controller.store.getState()).toMatchObject({ positionMs: 0, status: 'stopped' });
    controller.seekBy(2000);
    expect(controller.store.getState().positionMs).toBe(2000);
    controller.seekBy(10_000_000);
    expect(controller.store.getState().positionMs).toBeLessThan(10_000_000);
    controller.seek(2800);
    expect(played).toEqual([]);
    expect(controller.shuttleForward(5000)).toBe(true);
    await flush();
    expect(played.length).toBeGreaterThan(0);
    controller.dispose();
  });

  it('seek moves the playhead without playing', () => {
    const { controller, played } = setup();
    controller.seek(1234.4);
    expect(controller.store.getState()).toMatchObject({ positionMs: 1234, status: 'stopped' });
    controller.stop();
    expect(controller.store.getState().positionMs).toBe(1234);
    expect(played).toEqual([]);
  });
});
