/**
 * Beds through `roundtable render --bed`, measured in the exported file by ffmpeg: the bed is a 15 kHz tone,
 * above everything the speech holds (espeak-ng renders at 22.05 kHz, so nothing of it reaches 11 kHz), so a
 * high-pass filter hears the bed alone, under speech and in the gaps.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ffmpegEbur128 } from '../host/audio/testing/oracle';
import { meanVolumeDb } from './testing/ffmpeg-oracle';
import { cliRunner } from './testing/run-cli';
import { BedStore } from '../host/beds/bed-store';
import { storeArtwork } from '../host/export/episode-tags';
import { ProjectStore } from '../host/project/project-store';
import { makeProject } from '../host/project/test-fixtures';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-beds-'));
const env = { ...process.env, ROUNDTABLE_DATA_DIR: path.join(work, 'data'), ROUNDTABLE_FAULTS: '' };
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
const run = cliRunner(env, work);
const BED_ONLY = 'highpass=f=12000,highpass=f=12000,highpass=f=12000,highpass=f=12000';

function tone(name: string, hz: number, seconds: number, extra: string[] = []): string {
  const file = path.join(work, name);
  execFileSync('ffmpeg', [
    '-loglevel',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `sine=frequency=${hz}:sample_rate=44100:duration=${seconds}`,
    '-af',
    'volume=0.5',
    ...extra,
    file,
  ]);
  return file;
}

function turnsOf(base: string): { startMs: number; endMs: number }[] {
  return (
    JSON.parse(fs.readFileSync(`${base}.json`, 'utf8')) as { turns: { startMs: number; endMs: number }[] }
  ).turns;
}

function durationMs(file: string): number {
  const out = execFileSync(
    'ffprobe',
    ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file],
    {
      encoding: 'utf8',
    },
  );
  return Math.round(Number(out.trim()) * 1000);
}

const SCRIPT =
  'Host: Welcome to the show, where we talk about music under speech.\n[pause 4s]\nGuest: Thanks for having me, it is good to be here today.\n';

describe('render --bed', () => {
  it('ducks a looped bed under speech by its depth, measures loudness on the mix, and plays an outro after the speech', () => {
    const script = path.join(work, 'show.txt');
    fs.writeFileSync(script, SCRIPT);
    const music = tone('music.wav', 15_000, 3);
    const outro = tone('outro.mp3', 15_000, 2, ['-c:a', 'libmp3lame', '-b:a', '192k']);
    const base = path.join(work, 'show');
    const result = run([
      'render',
      script,
      '-o',
      `${base}.wav`,
      '--bed',
      `${music};loop;duck=-18;attack=200ms;release=400ms;fade-in=300ms;license=CC0 test tone`,
      '--bed',
      `${outro}@end;duck=off;license=CC BY 4.0 Outro Artist`,
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/plan: bed music\.wav from 0\.0 s/);
    const [first, second] = turnsOf(base);
    if (!first || !second) throw new Error('two turns expected');
    const file = `${base}.wav`;
    // The bed alone (above 12 kHz): under speech, and in the 4 s pause between the turns.
    const underSpeech = meanVolumeDb(file, first.startMs + 800, first.endMs - 300, BED_ONLY);
    const inGap = meanVolumeDb(file, first.endMs + 1200, second.startMs - 600, BED_ONLY);
    expect(inGap - underSpeech).toBeGreaterThan(17);
    expect(inGap - underSpeech).toBeLessThan(19);
    // The outro plays after the last word, undimmed: the episode is the speech plus the outro.
    expect(Math.abs(durationMs(file) - (second.endMs + 2000))).toBeLessThanOrEqual(30);
    const outroLevel = meanVolumeDb(file, second.endMs + 300, second.endMs + 1700, BED_ONLY);
    expect(Math.abs(outroLevel - inGap)).toBeLessThan(1);
    // Normalised on the mix: the whole file (speech and beds) is at the target, true peak under the ceiling.
    const measured = ffmpegEbur128(file);
    expect(Math.abs(measured.integratedLufs - -19)).toBeLessThan(0.5);
    expect(measured.truePeakDbtp).toBeLessThanOrEqual(-0.9);
    const report = fs.readFileSync(`${base}.report.txt`, 'utf8');
    expect(report).toMatch(/Bed: music\.wav 0\.0–.* ducked -18 dB under speech; licence: CC0 test tone/);
    expect(report).toMatch(/Bed: outro\.mp3 .* not ducked; licence: CC BY 4\.0 Outro Artist/);
    expect(report).toMatch(/measured on the mix of speech and beds/);
    expect(report).toMatch(/Result: OK/);
  });

  it('refuses a bed spec it cannot use, saying what to write', () => {
    const script = path.join(work, 'short.txt');
    fs.writeFileSync(script, 'Host: Hello.\n');
    const bad = run(['render', script, '-o', path.join(work, 'short.wav'), '--bed', 'x.wav@middle']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/@start, @end or @turn3/);
    const missing = run([
      'render',
      script,
      '-o',
      path.join(work, 'short.wav'),
      '--bed',
      path.join(work, 'none.wav'),
    ]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/cannot be read: choose a WAV, MP3 or FLAC file/);
  });

  it("export mixes a project's beds and writes its episode details; no output may land in beds/", async () => {
    const dir = path.join(work, 'with-beds');
    const project = makeProject('beds', 0, 2);
    const store = new ProjectStore();
    await store.createProject(dir, project);
    const audio = await new BedStore(path.join(dir, 'beds')).importFile(tone('bed.flac', 15_000, 2));
    const cover = path.join(work, 'cover.png');
    execFileSync('ffmpeg', [
      '-loglevel',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      'color=c=red:s=16x16',
      '-frames:v',
      '1',
      cover,
    ]);
    const artwork = await storeArtwork(path.join(dir, 'artwork'), {
      mimeType: 'image/png',
      data: new Uint8Array(fs.readFileSync(cover)),
    });
    await store.saveProject(dir, {
      ...project,
      settings: { ...project.settings, episode: { show: 'The Roundtable', episodeNumber: 4, artwork } },
      beds: [
        {
          id: 'b1',
          audio,
          anchor: { kind: 'end' },
          offsetMs: 0,
          loop: false,
          fadeInMs: 0,
          fadeOutMs: 500,
          gainDb: 0,
          license: 'CC0 project bed',
        },
      ],
    });
    const refused = run(['export', dir, '-o', path.join(dir, 'beds', 'out.wav')]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('will not write');
    const out = path.join(work, 'project-export.mp3');
    const result = run(['export', dir, '-o', out]);
    expect(result.code, result.stderr).toBe(0);
    const report = fs.readFileSync(path.join(work, 'project-export.report.txt'), 'utf8');
    expect(report).toMatch(/Bed: bed\.flac .* not ducked; licence: CC0 project bed/);
    const turns = turnsOf(path.join(work, 'project-export'));
    const lastEnd = turns[turns.length - 1]?.endMs ?? 0;
    // The outro is the last two seconds (the MP3 adds its encoder padding, under 60 ms).
    expect(durationMs(out) - (lastEnd + 2000)).toBeGreaterThanOrEqual(-30);
    expect(durationMs(out) - (lastEnd + 2000)).toBeLessThan(80);
    expect(meanVolumeDb(out, lastEnd + 300, lastEnd + 1300, BED_ONLY)).toBeGreaterThan(-40);
    const tags = execFileSync(
      'ffprobe',
      ['-v', 'error', '-show_entries', 'format_tags=album,track', '-of', 'json', out],
      {
        encoding: 'utf8',
      },
    );
    expect(JSON.parse(tags)).toMatchObject({ format: { tags: { album: 'The Roundtable', track: '4' } } });
  });
});
