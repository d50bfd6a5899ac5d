import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { burst, projectWithTakes } from '../../export/testing/episode-fixture';
import { TakeStore } from '../take-store';
import { measureSpeakerLoudness } from './speaker-loudness';
import { measureSpeakerLoudnessOnThread } from './speaker-loudness-on-thread';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempStore(): TakeStore {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-levels-thread-'));
  dirs.push(dir);
  return new TakeStore(dir);
}

describe('measureSpeakerLoudnessOnThread', () => {
  it('measures on its own thread exactly what the measurement gives in this one', async () => {
    const store = tempStore();
    const project = await projectWithTakes(store, { 1: burst(1.6, 24_000, 7, 0.2) });
    const here = await measureSpeakerLoudness(project, store);
    expect(here.every((level) => level.loudnessLufs !== null)).toBe(true);
    expect(await measureSpeakerLoudnessOnThread(project, store)).toEqual(here);
  });

  it('stops when cancelled, with the signal’s reason, before or while it reads the takes', async () => {
    const store = tempStore();
    const project = await projectWithTakes(store);
    // 400 turns: the thread checks the signal before every take, and the cancel message reaches it at its
    // first wait for a file.
    const long = {
      ...project,
      segments: Array.from({ length: 80 }, (_, round) =>
        project.segments.map((segment) => ({ ...segment, id: `${segment.id}-${round}` })),
      ).flat(),
    };
    const before = new AbortController();
    before.abort(new Error('closed before'));
    await expect(measureSpeakerLoudnessOnThread(long, store, before.signal)).rejects.toThrow('closed before');

    const during = new AbortController();
    const measuring = measureSpeakerLoudnessOnThread(long, store, during.signal);
    during.abort(new Error('closed during'));
    await expect(measuring).rejects.toThrow('closed during');
  });

  it('brings a failure in the thread back as an error of the same kind and message', async () => {
    const store = tempStore();
    const project = await projectWithTakes(store);
    const broken = { ...project, speakers: null } as unknown as typeof project;
    const error = await measureSpeakerLoudnessOnThread(broken, store).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'TypeError', message: expect.stringMatching(/not iterable/) });
  });
});
