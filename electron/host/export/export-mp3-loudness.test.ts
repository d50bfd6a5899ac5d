import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { espeakSpeech, ffmpegEbur128, runTool } from '../audio/testing/oracle';
import { TakeStore } from '../render/take-store';
import { exportProject } from './export-service';
import { projectWithTakes } from './testing/episode-fixture';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-mp3-loudness-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const SENTENCES = [
  'Welcome back to the roundtable, where we talk about how episodes should sound.',
  'Loudness is what you hear over the whole show; the true peak is the loudest instant.',
  'Hot peaks! Sharp consonants! They are what the limiter has to catch.',
  'An MP3 encoder changes the level a little, and decoding overshoots the peaks.',
  'So the plan aims the encoder input, and the file lands on target in one pass.',
];
/** The rates of the fixture's five turns (episode-fixture.ts). */
const RATES = [22_050, 24_000, 22_050, 44_100, 24_000];

/** Five espeak-ng sentences as the fixture's takes, each at its turn's rate. */
async function speechProject(store: TakeStore) {
  const takes: Record<number, Float32Array> = {};
  for (const [index, sentence] of SENTENCES.entries()) {
    const wav = espeakSpeech(sentence, path.join(dir, `turn-${index}.wav`));
    const rate = String(RATES[index]);
    const { stdout } = runTool('ffmpeg', ['-v', 'error', '-i', wav, '-ar', rate, '-f', 'f32le', '-']);
    takes[index] = new Float32Array(stdout.buffer, stdout.byteOffset, stdout.length / 4);
  }
  return projectWithTakes(store, takes);
}

describe('MP3 export loudness', () => {
  for (const [channels, target] of [
    [1, -16],
    [2, -13],
  ] as const) {
    it(`lands on ${target} LUFS (±0.5 LU) under −1 dBTP decoded, with the limiter, in one encode pass (${channels === 1 ? 'mono' : 'stereo'})`, async () => {
      const store = new TakeStore(path.join(dir, `takes-${channels}`));
      const project = await speechProject(store);
      const outDir = path.join(dir, `out-${channels}`);
      fs.mkdirSync(outDir);
      const phases: string[] = [];
      const result = await exportProject({
        project,
        store,
        basePath: path.join(outDir, 'ep'),
        options: {
          format: 'mp3',
          sampleRate: 44_100,
          channels,
          bitDepth: 16,
          mp3BitrateKbps: 128,
          loudnessLufs: target,
          splitByChapter: false,
        },
        onProgress: (progress) => {
          if (phases.at(-1) !== progress.phase) phases.push(progress.phase);
        },
      });
      const plan = result.loudness.plan!;
      // espeak-ng's peaks are hot: at these targets the limiter has work, and the plan allowed for what it takes.
      expect(plan.useLimiter).toBe(true);
      expect(plan.limiterMakeUpDb).toBeGreaterThan(0.1);
      // One measuring pass and one encode pass, nothing encoded twice.
      expect(plan.passes).toBe(2);
      expect(phases).toEqual(['measuring', 'encoding', 'checking', 'done']);
      const decoded = ffmpegEbur128(result.audioFiles[0]!.path);
      expect(Math.abs(decoded.integratedLufs - target)).toBeLessThanOrEqual(0.5);
      expect(decoded.truePeakDbtp).toBeLessThanOrEqual(-1);
    });
  }
});
