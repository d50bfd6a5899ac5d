/**
 * Issue 2's benchmarks: (1) the whole pipeline (`roundtable render` in a child process with a cold take
 * cache: parse, worker process, take cache, assembly, loudness, WAV and transcripts) against calling
 * espeak-ng directly on the same turns in this process; (2) peak memory of rendering a short against a
 * long script, each in its own child process with a cold take cache.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { planChunks } from '../electron/host/render/chunk-plan';
import type { EspeakWasm } from '../electron/worker/espeak/espeak-wasm';
import { ESPEAK_DEFAULT_WPM, loadEspeak } from '../electron/worker/espeak/espeak-wasm';
import { scriptToProject } from '../shared/model/from-script';
import type { Project } from '../shared/model/project';
import { parseScript } from '../shared/script/parser';
import type { BenchOutcome } from './bench-result';
import { headline, median, round1, round3 } from './bench-result';
import type { CliMeasurement } from './cli-measure';
import { measureCli } from './cli-measure';
import { generateScript } from './script-gen';

/** The stages of a render, from the CLI's stderr. */
const RENDER_MARKS = {
  planned: /^plan: /,
  rendered: /^rendered \d+ turns/,
  encoding: /^exporting .* encoding$/,
  exported: /^exported in/,
};
/** The espeak engine's chunk limit (electron/worker/engines/espeak/espeak-engine.ts). */
const ESPEAK_MAX_CHUNK_CHARS = 600;

async function renderScript(script: string): Promise<CliMeasurement> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-bench-'));
  try {
    const scriptPath = path.join(dir, 'script.txt');
    fs.writeFileSync(scriptPath, script);
    return await measureCli(
      ['render', scriptPath, '-o', path.join(dir, 'out.wav')],
      { ROUNDTABLE_DATA_DIR: path.join(dir, 'data') },
      RENDER_MARKS,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Every turn through espeak in this process, one call per turn (or per planned chunk): ms and samples. */
function renderDirect(
  espeak: EspeakWasm,
  project: Project,
  perChunk: boolean,
): { ms: number; samples: number } {
  const voices = new Map(project.speakers.map((speaker) => [speaker.id, speaker.voice.voice]));
  let samples = 0;
  const started = performance.now();
  for (const segment of project.segments) {
    const options = {
      voice: voices.get(segment.speakerId) ?? 'en-us',
      wordsPerMinute: ESPEAK_DEFAULT_WPM,
      pitch: 50,
    };
    const texts = perChunk
      ? planChunks(segment.text, ESPEAK_MAX_CHUNK_CHARS).map((c) => c.text)
      : [segment.text];
    for (const text of texts)
      espeak.synthesize(
        text,
        options,
        (pcm) => (samples += pcm.length),
        () => true,
      );
  }
  return { ms: performance.now() - started, samples };
}

function stages(run: CliMeasurement) {
  const { planned, rendered, encoding, exported } = run.marksMs;
  const span = (from: number | null | undefined, to: number | null | undefined) =>
    from === null || from === undefined || to === null || to === undefined ? null : to - from;
  return {
    startupAndPlanMs: planned ?? null,
    renderTurnsMs: span(planned, rendered),
    loudnessPlanMs: span(rendered, encoding),
    encodeAndTranscriptsMs: span(encoding, exported),
    exitMs: span(exported, run.wallMs),
  };
}

export async function benchPipelineOverhead(minutes: number, directRuns = 3): Promise<BenchOutcome> {
  const script = generateScript(minutes);
  const { project } = scriptToProject(parseScript(script), { title: 'bench' });
  const espeak = await loadEspeak();
  espeak.synthesize(
    'Warm up.',
    { voice: 'en-us', wordsPerMinute: ESPEAK_DEFAULT_WPM, pitch: 50 },
    () => undefined,
    () => true,
  );
  const perTurn = Array.from({ length: directRuns }, () => renderDirect(espeak, project, false));
  const perChunk = renderDirect(espeak, project, true);
  const directMs = median(perTurn.map((run) => run.ms));
  const audioSeconds = (perTurn[0]?.samples ?? 0) / espeak.sampleRate;

  const pipeline = await renderScript(script);
  const parts = stages(pipeline);
  const head = headline(
    { label: '`roundtable render` to WAV, child process, cold cache', value: pipeline.wallMs, unit: 'ms' },
    {
      label: 'espeak-ng (same build) on the same turns, in process',
      value: Math.round(directMs),
      unit: 'ms',
    },
    { max: 1.1 },
  );
  const ms = (value: number | null) => (value === null ? 'n/a' : `${(value / 1000).toFixed(1)} s`);
  const share = (value: number | null) =>
    value === null ? '' : ` (${Math.round((value / pipeline.wallMs) * 100)} %)`;
  return {
    title: 'Pipeline overhead',
    compared:
      `The whole CLI render of a ${minutes}-minute script (parse, worker process, take cache, assembly, ` +
      'two-pass loudness at 44.1 kHz, WAV, transcripts) against espeak-ng alone on the same turns.',
    ...head,
    rows: [
      {
        label: 'Script',
        value: `${project.segments.length} turns, ${round1(audioSeconds / 60)} min of espeak audio`,
      },
      { label: 'espeak-ng direct, one call per turn (median)', value: ms(directMs) },
      { label: 'espeak-ng direct, one call per sentence (as the worker calls it)', value: ms(perChunk.ms) },
      {
        label: 'Pipeline: start-up, parse, plan',
        value: ms(parts.startupAndPlanMs) + share(parts.startupAndPlanMs),
      },
      {
        label: 'Pipeline: render turns (worker, take cache)',
        value: ms(parts.renderTurnsMs) + share(parts.renderTurnsMs),
      },
      {
        label: 'Pipeline: loudness planning (measure + limiter passes)',
        value: ms(parts.loudnessPlanMs) + share(parts.loudnessPlanMs),
      },
      {
        label: 'Pipeline: encode pass, checks, transcripts',
        value: ms(parts.encodeAndTranscriptsMs) + share(parts.encodeAndTranscriptsMs),
      },
      {
        label: 'Render stage alone vs direct',
        value: parts.renderTurnsMs === null ? 'n/a' : `${round3(parts.renderTurnsMs / directMs)}×`,
      },
      {
        label: 'Speed of the whole pipeline',
        value: `${round1(audioSeconds / (pipeline.wallMs / 1000))}× real time`,
      },
    ],
    params: { minutes, directRuns },
    details: {
      turns: project.segments.length,
      audioSeconds: round1(audioSeconds),
      directPerTurnMs: perTurn.map((run) => round1(run.ms)),
      directPerSentenceMs: round1(perChunk.ms),
      pipelineMs: pipeline.wallMs,
      pipelineStagesMs: parts,
      pipelinePeakTreeRssMiB: round1(pipeline.tree.peakTreeRssKiB / 1024),
    },
    notes: [],
  };
}

export async function benchRenderMemory(shortMinutes: number, longMinutes: number): Promise<BenchOutcome> {
  const short = await renderScript(generateScript(shortMinutes));
  const long = await renderScript(generateScript(longMinutes));
  const mib = (kib: number) => round1(kib / 1024);
  const perProcess = (run: CliMeasurement) =>
    run.tree.processes.map((p) => `${p.name} ${mib(p.peakRssKiB)}`).join(', ') + ' MiB';
  const head = headline(
    {
      label: `${longMinutes}-minute render, peak RSS of CLI + worker`,
      value: mib(long.tree.peakTreeRssKiB),
      unit: 'MiB',
    },
    {
      label: `${shortMinutes}-minute render, peak RSS of CLI + worker`,
      value: mib(short.tree.peakTreeRssKiB),
      unit: 'MiB',
    },
    { max: 1.3 },
  );
  const singleRatio = round3(long.maxRssKiB / short.maxRssKiB);
  return {
    title: 'Render memory',
    compared:
      `Peak memory of \`roundtable render\` (CLI host + inference worker, summed, sampled every 100 ms) for a ` +
      `${longMinutes}-minute against a ${shortMinutes}-minute script, each with a cold take cache.`,
    ...head,
    rows: [
      {
        label: `Peak RSS, ${shortMinutes} min (host + worker)`,
        value: `${mib(short.tree.peakTreeRssKiB)} MiB`,
      },
      {
        label: `Peak RSS, ${longMinutes} min (host + worker)`,
        value: `${mib(long.tree.peakTreeRssKiB)} MiB`,
      },
      { label: `Per process, ${shortMinutes} min`, value: perProcess(short) },
      { label: `Per process, ${longMinutes} min`, value: perProcess(long) },
      {
        label: 'Largest single process (GNU time), long / short',
        value: `${mib(long.maxRssKiB)} / ${mib(short.maxRssKiB)} MiB = ${singleRatio}×`,
        target: '≤ 1.3×',
        pass: singleRatio <= 1.3,
      },
      {
        label: 'Wall time, short / long',
        value: `${round1(short.wallMs / 1000)} s / ${round1(long.wallMs / 1000)} s`,
      },
    ],
    params: { shortMinutes, longMinutes },
    details: {
      short: { wallMs: short.wallMs, maxRssKiB: short.maxRssKiB, tree: short.tree, stagesMs: stages(short) },
      long: { wallMs: long.wallMs, maxRssKiB: long.maxRssKiB, tree: long.tree, stagesMs: stages(long) },
      singleProcessRatio: singleRatio,
    },
    notes: [],
  };
}
