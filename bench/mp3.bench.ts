/**
 * MP3 (issue 16, target 2). Two benchmarks:
 * - `mp3-encoder`: our MP3 encoder (LAME in WebAssembly on its own thread, mp3-encoder.ts) against
 *   ffmpeg's libmp3lame on the same PCM (a stereo episode assembled from real espeak-ng takes, 128 kbps
 *   CBR, 44.1 kHz), alternating runs, median of three: wall time from opening the encoder to the finished
 *   file (thread start-up included) against ffmpeg's whole process reading raw floats from disk.
 * - `mp3-export`: a 90-minute and a 5-minute MP3 export from cached takes (bench/synthetic-episode.ts:
 *   real espeak-ng takes under fresh hashes, nothing rendered), each in a child process of its own with
 *   the process tree's memory sampled: the 90-minute export's wall time (target < 180 s here) and the
 *   peak memory of 90 against 5 minutes (≤ 1.3×). Settings as `roundtable render -o ep.mp3 --loudness -16`.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Mp3Encoder } from '../electron/host/export/encoders/mp3/mp3-encoder';
import { atSampleRate, exportSource } from '../electron/host/export/export-source';
import type { ExportOptions } from '../shared/api/studio-api';
import { ExportOptionsSchema } from '../shared/api/studio-api';
import type { Project } from '../shared/model/project';
import type { BenchOutcome } from './bench-result';
import { headline, median, round1, round3 } from './bench-result';
import type { ExportChildResult, ExportJob } from './export-child';
import { ProcessTreeSampler } from './process-tree-memory';
import type { TreeMemory } from './process-tree-memory';
import { buildSyntheticEpisodes, episodeSeconds } from './synthetic-episode';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RATE = 44_100;

export async function benchMp3Encoder(minutes: number, runs = 3): Promise<BenchOutcome> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-bench-mp3enc-'));
  try {
    const episodes = await buildSyntheticEpisodes(path.join(dir, 'takes'), [minutes], RATE);
    const project = atSampleRate(episodes.projects[0] as Project, RATE);
    const blocks: Float32Array[] = [];
    for await (const block of exportSource(project, episodes.store, RATE, 2)()) blocks.push(block.slice());
    const samples = blocks.reduce((sum, block) => sum + block.length, 0);
    const seconds = samples / 2 / RATE;
    const pcmFile = path.join(dir, 'episode.f32');
    fs.writeFileSync(
      pcmFile,
      Buffer.concat(blocks.map((b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength))),
    );

    const ours: number[] = [];
    const ffmpeg: number[] = [];
    let ourBytes = 0;
    let ffmpegBytes = 0;
    for (let run = 0; run < runs; run++) {
      const ourFile = path.join(dir, `ours-${run}.mp3`);
      const started = performance.now();
      const encoder = await Mp3Encoder.create({
        path: ourFile,
        sampleRate: RATE,
        channels: 2,
        mp3BitrateKbps: 128,
      });
      for (const block of blocks) await encoder.write(block);
      ourBytes = (await encoder.finish()).bytes;
      ours.push(performance.now() - started);

      const theirFile = path.join(dir, `ffmpeg-${run}.mp3`);
      const ffStarted = performance.now();
      const result = spawnSync('ffmpeg', [
        ...['-v', 'error', '-y', '-f', 'f32le', '-ar', String(RATE), '-ac', '2', '-i', pcmFile],
        ...['-c:a', 'libmp3lame', '-b:a', '128k', theirFile],
      ]);
      if (result.status !== 0) throw new Error(`ffmpeg failed: ${result.stderr.toString().slice(-500)}`);
      ffmpeg.push(performance.now() - ffStarted);
      ffmpegBytes = fs.statSync(theirFile).size;
      fs.rmSync(ourFile);
      fs.rmSync(theirFile);
    }
    const oursMs = median(ours);
    const ffmpegMs = median(ffmpeg);
    const speed = (ms: number) => `${round1(seconds / (ms / 1000))}× real time`;
    return {
      title: 'MP3 encoder speed',
      compared:
        `Our MP3 encoder (LAME in WebAssembly on a worker thread) against ffmpeg's libmp3lame on the same ` +
        `${round1(seconds / 60)} minutes of stereo speech, 128 kbps CBR: wall time, median of ${runs}.`,
      ...headline(
        { label: 'Mp3Encoder: open, write every block, finish', value: round1(oursMs / 1000), unit: 's' },
        {
          label: 'ffmpeg -c:a libmp3lame (whole process, raw floats from disk)',
          value: round1(ffmpegMs / 1000),
          unit: 's',
        },
        { max: 2 },
      ),
      rows: [
        {
          label: 'Our encoder',
          value: `${round1(oursMs / 1000)} s = ${speed(oursMs)} (runs ${ours.map((ms) => round1(ms / 1000)).join(', ')} s)`,
        },
        {
          label: 'ffmpeg libmp3lame',
          value: `${round1(ffmpegMs / 1000)} s = ${speed(ffmpegMs)} (runs ${ffmpeg.map((ms) => round1(ms / 1000)).join(', ')} s)`,
        },
        {
          label: "Our speed as a share of ffmpeg's (aim ≥ 0.8×)",
          value: `${round3(ffmpegMs / oursMs)}×`,
          target: '≥ 0.5×',
          pass: ffmpegMs / oursMs >= 0.5,
        },
        { label: 'File sizes (ours, ffmpeg)', value: `${ourBytes} and ${ffmpegBytes} bytes` },
      ],
      params: { minutes, runs, channels: 2, kbps: 128 },
      details: {
        oursMs: ours,
        ffmpegMs: ffmpeg,
        episodeSeconds: round1(seconds),
        setupMs: Math.round(episodes.setupMs),
      },
      notes: [],
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

interface MeasuredExport extends ExportChildResult {
  tree: TreeMemory;
}

async function runExport(
  dir: string,
  name: string,
  project: Project,
  options: ExportOptions,
): Promise<MeasuredExport> {
  const job: ExportJob = {
    project,
    storeDir: path.join(dir, 'takes'),
    basePath: path.join(dir, 'out', name),
    options,
  };
  const jobFile = path.join(dir, `${name}.job.json`);
  fs.writeFileSync(jobFile, JSON.stringify(job));
  const child = spawn(
    process.execPath,
    [path.join(ROOT, 'bin/run-ts.js'), path.join(ROOT, 'bench/export-child.ts'), jobFile],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const sampler = new ProcessTreeSampler(child.pid ?? -1);
  sampler.start();
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
  const status = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  const tree = sampler.stop();
  if (status !== 0) throw new Error(`export ${name} failed (${status}): ${stderr}`);
  const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as ExportChildResult;
  fs.rmSync(path.join(dir, 'out'), { recursive: true, force: true });
  return { ...result, tree };
}

export async function benchMp3Export(shortMinutes: number, longMinutes: number): Promise<BenchOutcome> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-bench-mp3exp-'));
  try {
    const episodes = await buildSyntheticEpisodes(path.join(dir, 'takes'), [shortMinutes, longMinutes], RATE);
    const [shortProject, longProject] = episodes.projects as [Project, Project];
    // `roundtable render script.txt -o ep.mp3 --loudness -16`: mono, 44.1 kHz, 128 kbps.
    const options = ExportOptionsSchema.parse({
      format: 'mp3',
      sampleRate: RATE,
      channels: 1,
      loudnessLufs: -16,
    });
    const short = await runExport(dir, 'short', shortProject, options);
    const long = await runExport(dir, 'long', longProject, options);
    const mib = (kib: number) => round1(kib / 1024);
    const describe = (run: MeasuredExport) =>
      `${round1(run.durationMs / 60_000)} min in ${round1(run.wallMs / 1000)} s = ${round1(run.durationMs / run.wallMs)}× real time`;
    const encodePasses = (run: MeasuredExport) => run.loudnessPasses - 1;
    return {
      title: 'MP3 export',
      compared:
        `Peak memory of the process tree exporting a ${longMinutes}-minute against a ${shortMinutes}-minute ` +
        'episode to MP3 (mono, 44.1 kHz, 128 kbps, −16 LUFS) from cached takes, each in a child process.',
      ...headline(
        {
          label: `${longMinutes}-minute MP3 export, peak tree RSS`,
          value: mib(long.tree.peakTreeRssKiB),
          unit: 'MiB',
        },
        {
          label: `${shortMinutes}-minute MP3 export, peak tree RSS`,
          value: mib(short.tree.peakTreeRssKiB),
          unit: 'MiB',
        },
        { max: 1.3 },
      ),
      rows: [
        {
          label: `${longMinutes}-minute MP3 export from cached takes (aim < 60 s)`,
          value: describe(long),
          target: '< 180 s',
          pass: long.wallMs < 180_000,
        },
        { label: `${shortMinutes}-minute MP3 export`, value: describe(short) },
        {
          label: 'CPU time of the exports (all threads; what the load cannot change)',
          value: `${round1((long.cpuMs ?? 0) / 1000)} s for ${longMinutes} min, ${round1((short.cpuMs ?? 0) / 1000)} s for ${shortMinutes} min`,
        },
        {
          label: 'Encode passes (short, long)',
          value: `${encodePasses(short)}, ${encodePasses(long)}${long.useLimiter ? ' (true-peak limiter on)' : ''}`,
          target: '1',
          pass: encodePasses(short) === 1 && encodePasses(long) === 1,
        },
        {
          label: 'Export checks (every turn audible, gaps silent, no clipping)',
          value: short.checksOk && long.checksOk ? 'OK' : 'PROBLEMS',
        },
      ],
      params: { shortMinutes, longMinutes, channels: 1, kbps: 128, loudnessLufs: -16 },
      details: {
        setupMs: Math.round(episodes.setupMs),
        shortEpisodeSeconds: round1(episodeSeconds(shortProject)),
        longEpisodeSeconds: round1(episodeSeconds(longProject)),
        short,
        long,
      },
      notes: [],
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
