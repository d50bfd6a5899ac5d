/**
 * Issue 16, target 6: `npm test` under 5 minutes here. One run of the suite measures the machine as much as
 * the code: the same commit took 283–318 s within a day on this VM. So the suite is timed against a
 * reference measured in the same run, before and after it, made of the suite's own kind of work: fresh Node
 * processes, and two-turn `roundtable render`s with an empty data folder, as the CLI tests run them.
 *
 * The headline compares the suite's wall time with the 5-minute line moved by how fast the reference ran:
 * 300 s × (reference now ÷ reference on the day the line was checked, {@link REFERENCE_DAY}). The suite's
 * own wall against a plain 300 s is a row beside it.
 *
 *   npm run bench -- test-suite
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchOutcome } from './bench-result';
import { headline, round1 } from './bench-result';
import { measureCli } from './cli-measure';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const GNU_TIME = '/usr/bin/time';
/** The line for `npm test`. */
const LINE_MS = 300_000;
/**
 * The reference's wall time on an idle day here (three runs: 6.23, 5.97 and 6.16 s), when the suite took
 * 283–285 s (docs/benchmarks.md, "Test suite").
 */
export const REFERENCE_DAY = { date: '2026-12-07', referenceMs: 6100 };
const NODE_STARTS = 10;
const RENDERS = 3;
const SCRIPT = 'Host: Welcome back to the show, and thanks for listening.\nGuest: Thanks for having me.\n';

export interface ReferenceRun {
  nodeStartMs: number[];
  renderMs: number[];
  totalMs: number;
}

/** The reference workload: bare Node starts, then cold two-turn renders, one after another. */
export async function runReference(workDir: string): Promise<ReferenceRun> {
  const started = performance.now();
  const nodeStartMs: number[] = [];
  for (let i = 0; i < NODE_STARTS; i += 1) {
    const t = performance.now();
    const result = spawnSync(process.execPath, ['-e', '0']);
    if (result.status !== 0) throw new Error(`node -e 0 exited with ${result.status}`);
    nodeStartMs.push(Math.round(performance.now() - t));
  }
  const script = path.join(workDir, 'reference.txt');
  fs.writeFileSync(script, SCRIPT);
  const renderMs: number[] = [];
  for (let i = 0; i < RENDERS; i += 1) {
    const dataDir = fs.mkdtempSync(path.join(workDir, 'data-'));
    const out = path.join(workDir, `reference-${i}.wav`);
    const run = await measureCli(['render', script, '-o', out], { ROUNDTABLE_DATA_DIR: dataDir });
    if (!fs.existsSync(out)) throw new Error('the reference render wrote no file');
    renderMs.push(Math.round(run.wallMs));
  }
  return { nodeStartMs, renderMs, totalMs: Math.round(performance.now() - started) };
}

export interface SuiteRun {
  wallMs: number;
  /** CPU (user + system) of the run and every process it waited for; -1 without GNU time. */
  cpuMs: number;
  exitCode: number | null;
  /** Vitest's summary lines ("Test Files …", "Tests …"). */
  summary: string[];
}

/** `npm test` as the README runs it (`vitest run`), quietly, from the repository root. */
export async function runSuite(): Promise<SuiteRun> {
  const vitest = [process.execPath, path.join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run'];
  const withTime = fs.existsSync(GNU_TIME);
  const command = withTime ? [GNU_TIME, '-f', 'SUITE-CPU %U %S', ...vitest] : vitest;
  const started = performance.now();
  const child = spawn(command[0]!, [...command.slice(1), '--reporter=dot'], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output = (output + chunk).slice(-20_000)));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output = (output + chunk).slice(-20_000)));
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  const wallMs = Math.round(performance.now() - started);
  const cpu = /SUITE-CPU ([\d.]+) ([\d.]+)/.exec(output);
  return {
    wallMs,
    cpuMs: cpu ? Math.round((Number(cpu[1]) + Number(cpu[2])) * 1000) : -1,
    exitCode,
    summary: output
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => /^(Test Files|Tests)\s/.test(line)),
  };
}

export async function benchTestSuite(): Promise<BenchOutcome> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-bench-suite-'));
  try {
    const before = await runReference(workDir);
    const suite = await runSuite();
    const after = await runReference(workDir);
    const referenceMs = (before.totalMs + after.totalMs) / 2;
    const scale = referenceMs / REFERENCE_DAY.referenceMs;
    const movedLineMs = Math.round(LINE_MS * scale);
    const head = headline(
      { label: '`npm test` (vitest run), wall', value: suite.wallMs, unit: 'ms' },
      {
        label: `the 5-minute line moved by the reference (${Math.round(referenceMs)} ms now, ${REFERENCE_DAY.referenceMs} ms on ${REFERENCE_DAY.date})`,
        value: movedLineMs,
        unit: 'ms',
      },
      { max: 1 },
    );
    const seconds = (ms: number) => `${round1(ms / 1000)} s`;
    return {
      title: 'Test suite: `npm test` against the 5-minute line, moved by a reference run beside it',
      compared:
        "the suite's wall time against 300 s scaled by how long a reference of the suite's own kind of work " +
        '(bare Node starts, cold two-turn renders) took before and after it, against the same reference on an idle day',
      ...head,
      rows: [
        {
          label: '`npm test`, wall (the issue: under 5 minutes)',
          value: seconds(suite.wallMs),
          target: '< 300 s',
          pass: suite.wallMs < LINE_MS,
        },
        {
          label: '`npm test`, CPU of the run and its children',
          value: suite.cpuMs < 0 ? 'n/a' : seconds(suite.cpuMs),
        },
        { label: 'the tests', value: suite.summary.join('; ') || `vitest exited with ${suite.exitCode}` },
        {
          label: `reference before / after (${NODE_STARTS} × node -e 0, ${RENDERS} cold two-turn renders)`,
          value: `${seconds(before.totalMs)} / ${seconds(after.totalMs)}`,
        },
        { label: 'the line moved by the reference', value: seconds(movedLineMs) },
      ],
      params: { nodeStarts: NODE_STARTS, renders: RENDERS, referenceDay: REFERENCE_DAY.date },
      details: { before, after, suite, referenceDay: REFERENCE_DAY },
      notes: [
        suite.exitCode === 0
          ? 'Every test passed.'
          : `vitest exited with ${suite.exitCode}: the time is of a failing run (${suite.summary.join('; ')}).`,
      ],
    };
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}
