/**
 * bench/results/: one `<name>.json` per benchmark (its last run), `ui.json` (the UI figures the e2e
 * large-project test wrote to e2e/artifacts/perf.json, copied so they are kept with the rest), and
 * `latest.json` combining them with the machine they were measured on.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './bench-result';
import type { MachineInfo } from './machine-info';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const RESULTS_DIR = path.join(ROOT, 'bench/results');
const E2E_PERF = path.join(ROOT, 'e2e/artifacts/perf.json');

/** What the e2e large-project test measured (e2e/large-project.spec.ts), as far as the docs use it. */
export interface UiPerf {
  measuredAt: string;
  turns: number;
  openMs: number;
  openBudgetMs: number;
  openLongTasksMs: number[];
  rowsInDom: number;
  maxScrollLongTaskMs: number;
  longTaskBudgetMs: number;
  scrollLongTasksMs?: Record<string, number[]>;
}

export interface UiResult {
  source: string;
  perf: UiPerf;
}

export interface LatestResults {
  machine: MachineInfo;
  results: Record<string, BenchResult>;
  ui: UiResult | null;
}

export function writeJson(file: string, value: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(temp, `${JSON.stringify(value, null, 2)}\n`);
  fs.renameSync(temp, file);
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

export function writeResult(result: BenchResult): void {
  writeJson(path.join(RESULTS_DIR, `${result.name}.json`), result);
}

/** The stored result of each named benchmark that has one. */
export function readResults(names: readonly string[]): Record<string, BenchResult> {
  const results: Record<string, BenchResult> = {};
  for (const name of names) {
    const result = readJson<BenchResult>(path.join(RESULTS_DIR, `${name}.json`));
    if (result) results[name] = result;
  }
  return results;
}

/** Copies e2e/artifacts/perf.json to bench/results/ui.json when the e2e run left one; returns what is kept. */
export function importUiPerf(): UiResult | null {
  const perf = readJson<UiPerf>(E2E_PERF);
  const stored = readJson<UiResult>(path.join(RESULTS_DIR, 'ui.json'));
  if (perf && typeof perf.openMs === 'number' && perf.measuredAt !== stored?.perf.measuredAt) {
    const ui = { source: 'e2e/artifacts/perf.json (npm run e2e, e2e/large-project.spec.ts)', perf };
    writeJson(path.join(RESULTS_DIR, 'ui.json'), ui);
    return ui;
  }
  return stored ?? null;
}

export function writeLatest(latest: LatestResults): void {
  writeJson(path.join(RESULTS_DIR, 'latest.json'), latest);
}
