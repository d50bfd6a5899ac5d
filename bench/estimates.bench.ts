/**
 * Issue 16, target 4: the plan's time estimates and every progress ETA within 2× of the actual time, with
 * the estimates calibrated by what this machine has done. One data folder, as on a user's machine: the
 * demo is rendered first (uncalibrated: the engine's own guess of its speed), then the demo, a 10-minute
 * and a 90-minute script are each rendered to a −19 LUFS WAV with an empty take cache; and on a second
 * data folder the demo, then the 90-minute script straight after it. What the CLI said on stderr is
 * checked against when things happened.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchOutcome, TableRow } from './bench-result';
import { headline, round1 } from './bench-result';
import { generateScript } from './script-gen';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEMO = path.join(ROOT, 'examples', 'roundtable-demo.txt');
/** The ETAs and estimates are shown to the second: a miss of at most this much is within what they can say. */
const DISPLAY_SLACK_MS = 1000;

interface StderrLine {
  atMs: number;
  text: string;
}

/** Runs `roundtable <args>`; every stderr line (progress bars rewrite theirs with \r) with its time. */
function runTimed(args: string[], dataDir: string): Promise<StderrLine[]> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/roundtable.js'), ...args], {
      env: { ...process.env, ROUNDTABLE_DATA_DIR: dataDir },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const lines: StderrLine[] = [];
    let pending = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      const atMs = performance.now() - started;
      const parts = (pending + chunk).split(/[\r\n]/);
      pending = parts.pop() ?? '';
      for (const text of parts) if (text) lines.push({ atMs, text });
    });
    child.once('error', reject);
    child.once('close', (code) => {
      if (pending) lines.push({ atMs: performance.now() - started, text: pending });
      if (code === 0) resolve(lines);
      else
        reject(
          new Error(`roundtable ${args.join(' ')} failed (${code}): ${lines.slice(-5).map((l) => l.text)}`),
        );
    });
  });
}

/** "about 45 s", "about 1.5 minutes", "about 12 minutes", "about 1 h 30 min", "about 0:43", "about 1:02:03". */
export function parseAbout(text: string): number | null {
  const about = /about (.+?)(?: in all|$| \()/.exec(text)?.[1];
  if (!about) return null;
  let match = /^(\d+) s$/.exec(about);
  if (match) return Number(match[1]) * 1000;
  match = /^([\d.]+) minutes$/.exec(about);
  if (match) return Number(match[1]) * 60_000;
  match = /^(\d+) h (\d+) min$/.exec(about);
  if (match) return (Number(match[1]) * 60 + Number(match[2])) * 60_000;
  match = /^(?:(\d+):)?(\d+):(\d\d)$/.exec(about);
  if (match) return ((Number(match[1] ?? 0) * 60 + Number(match[2])) * 60 + Number(match[3])) * 1000;
  return null;
}

/** How far off an estimate is: ≥ 1, the larger over the smaller; 1 when within the display's slack. */
export function offBy(estimateMs: number, actualMs: number): number {
  if (Math.abs(estimateMs - actualMs) <= DISPLAY_SLACK_MS) return 1;
  const low = Math.max(1, Math.min(estimateMs, actualMs));
  return Math.max(estimateMs, actualMs) / low;
}

/**
 * How far off a progress bar's time left is. It is rounded up to the second, as a countdown is ("0:02":
 * more than 1 s and at most 2 s), so it is judged by the value in that second nearest the actual time.
 */
export function offByTimeLeft(shownMs: number, actualMs: number): number {
  const nearest = Math.min(shownMs, Math.max(shownMs - DISPLAY_SLACK_MS, actualMs));
  const low = Math.max(1, Math.min(nearest, actualMs));
  return Math.max(nearest, actualMs) / low;
}

interface Judged {
  label: string;
  estimateMs: number;
  actualMs: number;
  off: number;
}

interface CaseResult {
  name: string;
  plan: Judged[];
  etas: Judged[];
}

function find(lines: readonly StderrLine[], pattern: RegExp): StderrLine | undefined {
  return lines.find((line) => pattern.test(line.text));
}

/** Reads the plan's estimates and every ETA of one render and judges them against what happened. */
export function judgeRender(name: string, lines: readonly StderrLine[]): CaseResult {
  const renderPlan = find(lines, /^plan: \d+ turns? to render.*about /);
  const exportPlan = find(lines, /^plan: then the \w+ export, about /);
  const rendered = find(lines, /^rendered \d+ turns?/);
  const exported = find(lines, /^exported in/);
  if (!renderPlan || !exportPlan || !rendered || !exported) {
    throw new Error(`${name}: the CLI did not print its plan, "rendered" and "exported" lines`);
  }
  const judge = (label: string, estimateMs: number | null, actualMs: number): Judged => {
    if (estimateMs === null) throw new Error(`${name}: could not read the estimate in "${label}"`);
    return { label, estimateMs, actualMs, off: offBy(estimateMs, actualMs) };
  };
  const plan = [
    judge('render', parseAbout(renderPlan.text), rendered.atMs - renderPlan.atMs),
    judge('export', parseAbout(exportPlan.text), exported.atMs - rendered.atMs),
  ];
  const etas: Judged[] = [];
  for (const line of lines) {
    const eta = / ETA ((?:\d+:)?\d+:\d\d)/.exec(line.text)?.[1];
    if (!eta) continue;
    const end = line.text.startsWith('rendering')
      ? rendered
      : line.text.startsWith('exporting')
        ? exported
        : null;
    if (!end) continue;
    const shownMs = parseAbout(`about ${eta}`);
    if (shownMs === null) throw new Error(`${name}: could not read the time left in "${line.text}"`);
    const actualMs = end.atMs - line.atMs;
    etas.push({
      label: line.text.trim(),
      estimateMs: shownMs,
      actualMs,
      off: offByTimeLeft(shownMs, actualMs),
    });
  }
  return { name, plan, etas };
}

const seconds = (ms: number) => `${round1(ms / 1000)} s`;

export async function benchEstimates(tenMinutes = 10, longMinutes = 90): Promise<BenchOutcome> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-estimates-'));
  const dataDir = path.join(work, 'data');
  try {
    const script = (name: string, text: string) => {
      const file = path.join(work, name);
      fs.writeFileSync(file, text);
      return file;
    };
    const render = async (name: string, scriptPath: string, data = dataDir) => {
      // The take cache emptied, the calibration and export speeds kept: a new script on a used machine.
      fs.rmSync(path.join(data, 'cache', 'takes'), { recursive: true, force: true });
      const lines = await runTimed(['render', scriptPath, '-o', path.join(work, 'out.wav')], data);
      return judgeRender(name, lines);
    };
    // The very first render on a data folder has only the engine's own guess of its speed to go by.
    const first = await render('demo, the first render on a new data folder (uncalibrated)', DEMO);
    const long = script('long.txt', generateScript(longMinutes));
    const cases = [
      first,
      await render('demo', DEMO),
      await render(`${tenMinutes}-minute script`, script('ten.txt', generateScript(tenMinutes))),
      await render(`${longMinutes}-minute script`, long),
    ];
    // A new user's path: the demo from the quick start, then their own long episode, on a second data
    // folder. The plan then knows only short renders, which are still warming up at their end.
    const fresh = path.join(work, 'fresh-data');
    cases.push(await render('demo, the first render on a second new data folder', DEMO, fresh));
    cases.push(await render(`${longMinutes}-minute script straight after the demo`, long, fresh));
    const all = cases.flatMap((one) => [...one.plan, ...one.etas]);
    const worst = all.reduce((a, b) => (b.off > a.off ? b : a));
    const rows: TableRow[] = [];
    for (const one of cases) {
      for (const judged of one.plan) {
        rows.push({
          label: `${one.name}: the plan's ${judged.label} estimate vs actual`,
          value: `${seconds(judged.estimateMs)} vs ${seconds(judged.actualMs)} (off by ${round1(judged.off)}×)`,
          target: '≤ 2×',
          pass: judged.off <= 2,
        });
      }
      const worstEta = one.etas.reduce<Judged | undefined>(
        (a, b) => (a && a.off >= b.off ? a : b),
        undefined,
      );
      const outside = one.etas.filter((eta) => eta.off > 2).length;
      rows.push({
        label: `${one.name}: progress ETAs within 2× of the time left (a shown m:ss read as the second it rounds up to)`,
        value: worstEta
          ? `${one.etas.length - outside} of ${one.etas.length}; furthest off ${round1(worstEta.off)}× ` +
            `(said ${seconds(worstEta.estimateMs)}, took ${seconds(worstEta.actualMs)})`
          : 'no ETA shown',
        target: 'all',
        pass: outside === 0,
      });
    }
    return {
      title: 'Time estimates',
      compared:
        "The plan's render and export estimates and every progress ETA of `roundtable render` against the " +
        'time each took, on a data folder that has rendered once before (empty take cache each time).',
      ...headline(
        {
          label: `the estimate furthest off (${worst.label.slice(0, 60)})`,
          value: Math.round(Math.max(worst.estimateMs, worst.actualMs)),
          unit: 'ms',
        },
        {
          label:
            'the other side of it (estimate or actual, whichever is smaller; allowing for the display’s rounding)',
          value: Math.round(Math.max(worst.estimateMs, worst.actualMs) / worst.off),
          unit: 'ms',
        },
        { max: 2 },
      ),
      rows,
      params: { tenMinutes, longMinutes },
      details: { cases },
      notes: [],
    };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
