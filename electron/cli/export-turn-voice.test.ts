/**
 * `roundtable export` renders a studio project's missing turns as the studio would: with the turn's own
 * seed, CFG scale and steps over its speaker's voice, and the spoken words. Its takes are then the ones
 * the studio finds in the project's cache (and the other way round), not a second set under other keys.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { turnRequestFor } from '../../shared/model/turn-request';
import { ProjectStore } from '../host/project/project-store';
import { makeProject } from '../host/project/test-fixtures';
import { takeKey } from '../host/render/take-key';
import { cliRunner } from './testing/run-cli';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-export-voice-'));
const env = { ...process.env, ROUNDTABLE_DATA_DIR: path.join(work, 'data'), ROUNDTABLE_FAULTS: '' };
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
const run = cliRunner(env, work);

describe('roundtable export of a studio project', () => {
  it("renders a turn with its own seed and the project's pronunciations, keyed as the studio keys it", async () => {
    const dir = path.join(work, 'seeded');
    const base = makeProject('Seeded', 0, 2);
    const project = {
      ...base,
      settings: { ...base.settings, pronunciations: [{ word: 'Seeded', sayAs: 'sown' }] },
      segments: base.segments.map((segment, index) =>
        index === 0 ? { ...segment, seed: 7, locked: false } : { ...segment, locked: false },
      ),
    };
    const store = new ProjectStore();
    await store.createProject(dir, project);

    const result = run(['export', dir, '-o', path.join(work, 'seeded.wav'), '--loudness', 'off']);
    expect(result.code, result.stderr).toBe(0);

    const takesDir = store.layout(dir).takesDir;
    const seeded = turnRequestFor(project, project.segments[0]!)!;
    expect(seeded.voice.params.seed).toBe(7);
    expect(seeded.text).toMatch(/^sown step 0/);
    expect(fs.existsSync(path.join(takesDir, `${takeKey(seeded.voice, seeded.text)}.wav`))).toBe(true);
    // Not under the speaker's voice without the seed, nor under the written words.
    const speakerVoice = project.speakers.find(
      (speaker) => speaker.id === project.segments[0]!.speakerId,
    )!.voice;
    expect(fs.existsSync(path.join(takesDir, `${takeKey(speakerVoice, seeded.text)}.wav`))).toBe(false);
    expect(
      fs.existsSync(path.join(takesDir, `${takeKey(seeded.voice, project.segments[0]!.text)}.wav`)),
    ).toBe(false);
  });
});
