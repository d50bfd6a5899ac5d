/**
 * Issue 2's benchmarks: (1) the whole pipeline (`roundtable render` in a child process with a cold take
 * cache: parse, worker process, take cache, assembly, loudness, WAV and transcripts) against calling
 * espeak-ng directly on the same turns, also in a fresh process (bench/espeak-direct.mjs); (2) peak memory
 * of rendering a short against a long script, each in its own child process with a cold take cache.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EspeakWasm } from '../electron/worker/espeak/espeak-wasm';
import { ESPEAK_DEFAULT_WPM, loadEspeak } from '../electron/worker/espeak/espeak-wasm';
import { DEFAULT_GAP_MS } from '../shared/model/project';
import { scriptToProject } from '../shared/model/from-script';
import type { Project } from '../shared/model/project';
import { parseScript } from '../shared/script/parser';
import type { BenchOutcome } from './bench-result';
import { headline, median, round1, round3 } from './bench-result';
import type { CliMeasurement } from './cli-measure';
import { measureCli } from './cli-measure';
import type { ToolchainRun } from './native-toolchain';
import { espeakTurns, missingNativeTools, runNativeToolchain } from './native-toolchain';
import { generateScript } from './script-gen';

/** The stages of a render, from the CLI's stderr. */
const RENDER_MARKS = {
  planned: /^plan: /,
  rendered: /^rendered \d+ turns/,
  encoding: /^exporting .* encoding$/,
  exported: /^exported in/,
};

async function renderScript(script: string, extraArgs: string[] = []): Promise<CliMeasurement> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-bench-'));
  try {
    const scriptPath = path.join(dir, 'script.txt');
    fs.writeFileSync(scriptPath, script);
    return await measureCli(
      ['render', scriptPath, '-o', path.join(dir, 'out.wav'), ...extraArgs],
      { ROUNDTABLE_DATA_DIR: path.join(dir, 'data') },
      RENDER_MARKS,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const DIRECT_SCRIPT = fileURLToPath(new URL('./espeak-direct.mjs', import.meta.url));

/**
 * CPU (user + system, ms) of every child process this process has waited for so far, from /proc (Linux);
 * null elsewhere.
 */
function waitedChildrenCpuMs(): number | null {
  try {
    const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
    // After the command name: state is field 3, cutime 16 and cstime 17 (man 5 proc), in clock ticks.
    const ticks = Number(fields[13]) + Number(fields[14]);
    return Number.isFinite(ticks) ? ticks * 10 : null;
  } catch {
    return null;
  }
}

/** bench/espeak-direct.mjs on the project's turns in a fresh Node process: wall ms, CPU ms, samples written. */
function renderDirectProcess(project: Project): { ms: number; cpuMs: number | null; samples: number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-direct-'));
  try {
    const turnsPath = path.join(dir, 'turns.json');
    fs.writeFileSync(turnsPath, JSON.stringify(espeakTurns(project)));
    const started = performance.now();
    const cpuBefore = waitedChildrenCpuMs();
    const out = execFileSync(process.execPath, [DIRECT_SCRIPT, turnsPath, path.join(dir, 'direct.wav')], {
      encoding: 'utf8',
    });
    const ms = performance.now() - started;
    const cpuAfter = waitedChildrenCpuMs();
    const cpuMs = cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore;
    return { ms, cpuMs, samples: (JSON.parse(out) as { samples: number }).samples };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Every turn through espeak in this process, one call per turn: ms and samples. */
function renderDirect(espeak: EspeakWasm, project: Project): { ms: number; samples: number } {
  const voices = new Map(project.speakers.map((speaker) => [speaker.id, speaker.voice.voice]));
  let samples = 0;
  const started = performance.now();
  for (const segment of project.segments) {
    const options = {
      voice: voices.get(segment.speakerId) ?? 'en-us',
      wordsPerMinute: ESPEAK_DEFAULT_WPM,
      pitch: 50,
    };
    espeak.synthesize(
      segment.text,
      options,
      (pcm) => (samples += pcm.length),
      () => true,
    );
  }
  return { ms: performance.now() - started, samples };
}

/** The run with the median wall time (its stages are reported with it). */
function medianRun(runs: CliMeasurement[]): CliMeasurement {
  const sorted = [...runs].sort((a, b) => a.wallMs - b.wallMs);
  return sorted[Math.floor((sorted.length - 1) / 2)] as CliMeasurement;
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

/** The native-toolchain figure: `roundtable render` of the same script against it, or why it did not run. */
interface NativeComparison {
  minutes: number;
  missing: string[];
  error?: string;
  render?: CliMeasurement;
  toolchain?: ToolchainRun;
}

/**
 * The figure proposed instead of the wall-clock ratios (docs/benchmarks.md): the CPU the whole CLI and its
 * worker spend beyond what calling espeak-ng directly costs, per minute of audio. It does not depend on how
 * many cores there are to run the recording beside espeak.
 */
function cpuOutsideEngine(
  pipelines: readonly CliMeasurement[],
  direct: readonly { cpuMs: number | null }[],
  audioSeconds: number,
): { label: string; value: string } {
  const label =
    'CPU outside espeak-ng per minute of audio: the whole CLI with its worker minus the direct baseline, medians of 3 (tracked; proposed in place of the wall-clock ratios)';
  const subject = pipelines.map((run) => run.cpuMs);
  const baseline = direct.map((run) => run.cpuMs);
  if (subject.some((cpu) => cpu < 0) || baseline.some((cpu) => cpu === null) || audioSeconds <= 0) {
    return { label, value: 'not measured (needs GNU time and /proc)' };
  }
  const subjectMs = median(subject);
  const baselineMs = median(baseline as number[]);
  const perMinute = (subjectMs - baselineMs) / 1000 / (audioSeconds / 60);
  return {
    label,
    value:
      `${(subjectMs / 1000).toFixed(1)} s − ${(baselineMs / 1000).toFixed(1)} s of CPU for ` +
      `${round1(audioSeconds / 60)} min = ${perMinute.toFixed(2)} s per minute of audio`,
  };
}

async function compareWithNativeToolchain(minutes: number): Promise<NativeComparison> {
  const missing = missingNativeTools();
  if (missing.length > 0) return { minutes, missing };
  const script = generateScript(minutes);
  const { project } = scriptToProject(parseScript(script), { title: 'bench' });
  try {
    const toolchain = await runNativeToolchain(espeakTurns(project), DEFAULT_GAP_MS);
    const render = await renderScript(script);
    return { minutes, missing, toolchain, render };
  } catch (error) {
    return { minutes, missing, error: error instanceof Error ? error.message : String(error) };
  }
}

const NATIVE_TARGET = 0.5;

function nativeRow(native: NativeComparison): {
  label: string;
  value: string;
  target: string;
  pass: boolean;
} {
  const label =
    `\`roundtable render\` vs the native toolchain (espeak-ng per turn on ${os.cpus().length} cores, sox ` +
    `joins with gaps, ffmpeg loudnorm two-pass to −19 LUFS / −1 dBTP at 44.1 kHz), ${native.minutes}-minute ` +
    'script, empty cache';
  const target = `≤ ${NATIVE_TARGET}×`;
  if (native.missing.length > 0)
    return { label, value: `did not run: ${native.missing.join(', ')} not on PATH`, target, pass: false };
  if (!native.render || !native.toolchain)
    return { label, value: `did not run: ${native.error ?? 'unknown error'}`, target, pass: false };
  const ratio = round3(native.render.wallMs / native.toolchain.wallMs);
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const { espeak, sox, loudnorm } = native.toolchain.stagesMs;
  return {
    label,
    value:
      `${s(native.render.wallMs)} / ${s(native.toolchain.wallMs)} = ${ratio}× (toolchain: espeak-ng ` +
      `${s(espeak)}, sox ${s(sox)}, loudnorm ${s(loudnorm)})`,
    target,
    pass: ratio <= NATIVE_TARGET,
  };
}

export async function benchPipelineOverhead(
  minutes: number,
  directRuns = 3,
  nativeMinutes = 20,
): Promise<BenchOutcome> {
  const script = generateScript(minutes);
  const { project } = scriptToProject(parseScript(script), { title: 'bench' });
  // The baseline: a fresh process calling espeak-ng directly, as the subject is a fresh process too.
  const cold = Array.from({ length: directRuns }, () => renderDirectProcess(project));
  const directMs = median(cold.map((run) => run.ms));
  const audioSeconds = (cold[0]?.samples ?? 0) / 22_050;
  // For reference: the same calls in this process, warm (no process start, no espeak load, a warm JIT).
  const espeak = await loadEspeak();
  espeak.synthesize(
    'Warm up.',
    { voice: 'en-us', wordsPerMinute: ESPEAK_DEFAULT_WPM, pitch: 50 },
    () => undefined,
    () => true,
  );
  const warm = median(Array.from({ length: directRuns }, () => renderDirect(espeak, project).ms));

  // Run to run, a render here varies by ±10 %: the median of as many runs as the baseline's, alternating.
  const pipelines: CliMeasurement[] = [];
  const plains: CliMeasurement[] = [];
  for (let run = 0; run < directRuns; run++) {
    pipelines.push(await renderScript(script));
    plains.push(await renderScript(script, ['--loudness', 'off']));
  }
  const pipeline = medianRun(pipelines);
  const plain = medianRun(plains);
  const parts = stages(pipeline);
  // The render stage: from the start of the process to the last take (the "rendered N turns" line).
  const renderStages = pipelines.map((run) => run.marksMs.rendered ?? Number.NaN);
  const renderStageMs = median(renderStages);
  const native = await compareWithNativeToolchain(nativeMinutes);
  const head = headline(
    {
      label: '`roundtable render`, start-up to the last take, fresh process, cold cache (median of 3)',
      value: Math.round(renderStageMs),
      unit: 'ms',
    },
    {
      label: 'espeak-ng (same build) called directly on the same turns, fresh process',
      value: Math.round(directMs),
      unit: 'ms',
    },
    { max: 1.5 },
  );
  const ms = (value: number | null) => (value === null ? 'n/a' : `${(value / 1000).toFixed(1)} s`);
  const share = (value: number | null) =>
    value === null ? '' : ` (${Math.round((value / pipeline.wallMs) * 100)} %)`;
  const ratio = (value: number) => `${round3(value / directMs)}×`;
  const wholeRatio = round3(pipeline.wallMs / directMs);
  const outside = cpuOutsideEngine(pipelines, cold, audioSeconds);
  return {
    title: 'Pipeline overhead',
    compared:
      `The render stage of \`roundtable render\` (start-up to the last take; aim 1.2×) and the whole CLI to a ` +
      `−19 LUFS WAV (aim 1.5×) of a ${minutes}-minute script against a fresh process calling espeak-ng ` +
      'directly on the same turns; and a render of a longer script against the native toolchain.',
    ...head,
    rows: [
      {
        label: 'Script',
        value: `${project.segments.length} turns, ${round1(audioSeconds / 60)} min of espeak audio`,
      },
      {
        label: 'Whole CLI to a −19 LUFS WAV (median of 3) vs direct (aim 1.5×)',
        value: `${ms(pipeline.wallMs)} = ${wholeRatio}×`,
        target: '≤ 2×',
        pass: wholeRatio <= 2,
      },
      nativeRow(native),
      outside,
      { label: 'espeak-ng direct, fresh process, one call per turn (median)', value: ms(directMs) },
      { label: 'espeak-ng direct in this process, warm (median, for reference)', value: ms(warm) },
      {
        label: '`roundtable render --loudness off` (no normalisation; clip guard only), median, vs direct',
        value: `${ms(plain.wallMs)} = ${ratio(plain.wallMs)}`,
      },
      {
        label: 'Pipeline: start-up, parse, plan',
        value: ms(parts.startupAndPlanMs) + share(parts.startupAndPlanMs),
      },
      {
        label: 'Pipeline: render turns (worker; the episode is recorded and measured meanwhile)',
        value: ms(parts.renderTurnsMs) + share(parts.renderTurnsMs),
      },
      {
        label: 'Pipeline: rest of the recording, loudness plan',
        value: ms(parts.loudnessPlanMs) + share(parts.loudnessPlanMs),
      },
      {
        label: 'Pipeline: encode pass (gain, limiter), checks, transcripts',
        value: ms(parts.encodeAndTranscriptsMs) + share(parts.encodeAndTranscriptsMs),
      },
      {
        label: 'Speed of the whole pipeline',
        value: `${round1(audioSeconds / (pipeline.wallMs / 1000))}× real time`,
      },
    ],
    params: { minutes, directRuns, nativeMinutes },
    details: {
      turns: project.segments.length,
      audioSeconds: round1(audioSeconds),
      directColdMs: cold.map((run) => round1(run.ms)),
      directWarmMs: round1(warm),
      renderStageRunsMs: renderStages,
      pipelineMs: pipeline.wallMs,
      pipelineRunsMs: pipelines.map((run) => run.wallMs),
      pipelineStagesMs: parts,
      plainMs: plain.wallMs,
      plainRunsMs: plains.map((run) => run.wallMs),
      plainStagesMs: stages(plain),
      pipelinePeakTreeRssMiB: round1(pipeline.tree.peakTreeRssKiB / 1024),
      native: {
        minutes: native.minutes,
        missingTools: native.missing,
        error: native.error ?? null,
        renderMs: native.render?.wallMs ?? null,
        renderStagesMs: native.render ? stages(native.render) : null,
        toolchain: native.toolchain ?? null,
      },
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
