import { describe, expect, it } from 'vitest';
import { createFakeApi } from '../dev/fake-api';
import { createDocumentStore } from '../state/document-store';
import { sampleProject } from '../state/test-fixtures';
import { PlaybackController, playbackItems } from './playback-controller';
import type { MediaLike, PlayerClock } from './sequential-player';
import { TakeUrlCache } from './take-url-cache';

function setup() {
  const played: Array<{ src: string; at: number }> = [];
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
  );
  return { controller, played };
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

  it('seek moves the playhead without playing', () => {
    const { controller, played } = setup();
    controller.seek(1234.4);
    expect(controller.store.getState()).toMatchObject({ positionMs: 1234, status: 'stopped' });
    controller.stop();
    expect(controller.store.getState().positionMs).toBe(1234);
    expect(played).toEqual([]);
  });
});
