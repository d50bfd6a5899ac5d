/**
 * Export memory: peak RSS of exporting a short against a long episode (WAV, 44.1 kHz mono, loudness
 * normalised to −19 LUFS in two passes), each export in a child process of its own, from a take store of
 * real espeak-ng takes copied under fresh hashes (bench/synthetic-episode.ts). Also the export speed, and
 * MP3 on the short episode only, the spool's size against the WAV it becomes, the passes over the episode, and the main thread's longest event-loop stall during the
 * short export on the export thread against the same export run on the main thread (as before it had one).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExportOptions } from '../shared/api/studio-api';
import { ExportOptionsSchema } from '../shared/api/studio-api';
import type { Project } from '../shared/model/project';
import type { BenchOutcome } from './bench-result';
import { headline, round1, round3 } from './bench-result';
import type { ExportChildResult, ExportJob } from './export-child';
import { buildSyntheticEpisodes, episodeSeconds } from './synthetic-episode';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface ExportMemoryOptions {
  shortMinutes: number;
  longMinutes: number;
  /**
   * The projects' own rate; the export converts to 44.1 kHz (default 44100, as `roundtable render` sets;
   * the short episode is also exported from a 24 kHz project, the desktop app's default, for its speed).
   */
  projectSampleRate?: number;
  /** Also export the short episode as MP3 (default true). */
  mp3?: boolean;
}

function runExport(
  dir: string,
  name: string,
  project: Project,
  options: ExportOptions,
  inProcess = false,
): ExportChildResult {
  fs.mkdirSync(path.join(dir, 'out'), { recursive: true }); // an export writes only into folders that exist
  const job: ExportJob = {
    project,
    storeDir: path.join(dir, 'takes'),
    basePath: path.join(dir, 'out', name),
    options,
    ...(inProcess ? { inProcess } : {}),
  };
  const jobFile = path.join(dir, `${name}.job.json`);
  fs.writeFileSync(jobFile, JSON.stringify(job));
  const child = spawnSync(
    process.execPath,
    [path.join(ROOT, 'bin/run-ts.js'), path.join(ROOT, 'bench/export-child.ts'), jobFile],
    { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
  );
  if (child.status !== 0)
    throw new Error(`export ${name} failed (${child.status}): ${child.stderr.slice(-2000)}`);
  const result = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '') as ExportChildResult;
  // The output is not needed after measuring: a 90-minute WAV is half a gigabyte.
  fs.rmSync(path.join(dir, 'out'), { recursive: true, force: true });
  return result;
}

export async function benchExportMemory(config: ExportMemoryOptions): Promise<BenchOutcome> {
  const { shortMinutes, longMinutes } = config;
  const projectSampleRate = config.projectSampleRate ?? 44_100;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-bench-export-'));
  try {
    const episodes = await buildSyntheticEpisodes(
      path.join(dir, 'takes'),
      [shortMinutes, longMinutes],
      projectSampleRate,
    );
    const [shortProject, longProject] = episodes.projects as [Project, Project];
    const wav = ExportOptionsSchema.parse({ format: 'wav', sampleRate: 44_100, channels: 1 });
    const short = runExport(dir, 'short', shortProject, wav);
    const long = runExport(dir, 'long', longProject, wav);
    // The desktop app makes 24 kHz projects (the export assembles at its own rate, each take resampled once).
    const appRate = runExport(dir, 'short-24k', { ...shortProject, sampleRate: 24_000 }, wav);
    // The same export as `short` with the pipeline on the main thread: how long IPC would have waited.
    const onMain = runExport(dir, 'short-main-thread', shortProject, wav, true);
    const mp3 =
      config.mp3 === false
        ? undefined
        : runExport(
            dir,
            'short-mp3',
            shortProject,
            ExportOptionsSchema.parse({ format: 'mp3', sampleRate: 44_100 }),
          );

    const mib = (kib: number) => round1(kib / 1024);
    const mb = (bytes: number) => round1(bytes / 1e6);
    const round4 = (value: number) => Math.round(value * 10_000) / 10_000;
    const reads = (run: ExportChildResult) => run.loudnessPasses + (run.useLimiter ? 0 : 1);
    const speed = (run: ExportChildResult) => round1(run.durationMs / run.wallMs);
    const growth = (run: ExportChildResult) => mib(run.maxRssKiB - run.rssBeforeKiB);
    const head = headline(
      { label: `${longMinutes}-minute export, peak RSS`, value: mib(long.maxRssKiB), unit: 'MiB' },
      { label: `${shortMinutes}-minute export, peak RSS`, value: mib(short.maxRssKiB), unit: 'MiB' },
      { max: 1.3 },
    );
    const describe = (run: ExportChildResult) =>
      `${round1(run.durationMs / 60_000)} min in ${round1(run.wallMs / 1000)} s = ${speed(run)}× real time`;
    const rows = [
      {
        label: 'Episodes',
        value:
          `${shortProject.segments.length} and ${longProject.segments.length} turns from ${episodes.poolTakes} ` +
          `distinct espeak takes, project at ${projectSampleRate} Hz`,
      },
      {
        label: `Peak RSS, ${shortMinutes} min WAV`,
        value: `${mib(short.maxRssKiB)} MiB (+${growth(short)} MiB over the idle process)`,
      },
      {
        label: `Peak RSS, ${longMinutes} min WAV`,
        value: `${mib(long.maxRssKiB)} MiB (+${growth(long)} MiB over the idle process)`,
      },
      { label: 'Export speed, short WAV', value: describe(short) },
      { label: 'Export speed, long WAV', value: describe(long) },
      { label: 'Export speed, short WAV from a 24 kHz project (the app default)', value: describe(appRate) },
      {
        label: `Main thread's longest stall, ${shortMinutes} min WAV export (export thread / pipeline on main thread)`,
        value: `${short.eventLoopMaxDelayMs ?? '?'} ms / ${onMain.eventLoopMaxDelayMs ?? '?'} ms`,
      },
      {
        label: `Peak RSS, ${shortMinutes} min WAV with the pipeline on the main thread`,
        value: `${mib(onMain.maxRssKiB)} MiB (+${growth(onMain)} MiB over the idle process)`,
      },
      {
        label: `The export's spool at its largest against the WAV it becomes, ${longMinutes} min (issue 16: no larger; it keeps one byte of exponent per 4096 samples)`,
        value: `${mb(long.spoolMaxBytes ?? 0)} MB / ${mb(long.outputBytes)} MB = ${round4((long.spoolMaxBytes ?? 0) / long.outputBytes)}×`,
        target: '≤ 1.001×',
        pass: (long.spoolMaxBytes ?? 0) > 0 && (long.spoolMaxBytes ?? 0) <= long.outputBytes * 1.001,
      },
      {
        // The plan's passes count its measuring and, with the limiter, every encode pass (it encodes while
        // it limits); without it the one encode pass comes on top.
        label:
          'Passes over the episode: measuring it (from the takes, writing the spool) and encoding it (from the spool), 5 / 90 min (issue 16: the spool written once and read once)',
        value: `${reads(short)} / ${reads(long)}${long.useLimiter ? ' (true-peak limiter on)' : ''}`,
        target: '2',
        pass: reads(short) === 2 && reads(long) === 2,
      },
    ];
    if (mp3) {
      rows.push(
        { label: `Peak RSS, ${shortMinutes} min MP3 128 kbps`, value: `${mib(mp3.maxRssKiB)} MiB` },
        { label: 'Export speed, short MP3', value: describe(mp3) },
      );
    }
    const checksOk = short.checksOk && long.checksOk && appRate.checksOk && (mp3?.checksOk ?? true);
    rows.push({
      label: 'Export checks (every turn audible, gaps silent, no clipping)',
      value: checksOk ? 'OK' : 'PROBLEMS',
    });
    return {
      title: 'Export memory',
      compared:
        `Peak RSS of exporting a ${longMinutes}-minute against a ${shortMinutes}-minute episode (WAV 44.1 kHz ` +
        'mono, two-pass loudness normalisation), each export in a child process of its own.',
      ...head,
      rows,
      params: { shortMinutes, longMinutes, projectSampleRate, mp3: Boolean(mp3) },
      details: {
        setupMs: Math.round(episodes.setupMs),
        shortEpisodeSeconds: round1(episodeSeconds(shortProject)),
        longEpisodeSeconds: round1(episodeSeconds(longProject)),
        short,
        long,
        shortFrom24kHzProject: appRate,
        shortOnMainThread: onMain,
        mp3: mp3 ?? null,
        speedRatioLongToShort: round3(speed(long) / speed(short)),
      },
      notes: [],
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
