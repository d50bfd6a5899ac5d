/**
 * What every benchmark returns and bench/results/<name>.json holds: one headline comparison (a subject
 * against a baseline measured in the same run, as a ratio with a target), further rows for the table in
 * docs/benchmarks.md (each with its own target where it has one), and every raw figure under `details`.
 */
import type { MachineInfo } from './machine-info';

export interface Measure {
  /** What was measured, e.g. "roundtable render (child process, cold cache)". */
  label: string;
  value: number;
  unit: string;
}

export interface RatioTarget {
  /** The ratio passes when it is at most (or below, when `strict`) this. */
  max: number;
  strict?: boolean;
  /** Show the ratio and the target as percentages (a share of something, e.g. of one core). */
  percent?: boolean;
}

export interface TableRow {
  label: string;
  value: string;
  target?: string;
  /** Absent: a figure reported for information, with no target. */
  pass?: boolean;
}

export interface BenchOutcome {
  title: string;
  /** One sentence: what is compared with what. */
  compared: string;
  subject: Measure;
  baseline: Measure;
  ratio: number;
  target: RatioTarget;
  pass: boolean;
  rows: TableRow[];
  /** The parameters this run used (sizes, repeats), so a reader can tell runs apart. */
  params: Record<string, number | string | boolean>;
  details: Record<string, unknown>;
  /** Where the time or memory goes, why a target is missed: short sentences for the docs. */
  notes: string[];
}

export interface BenchResult extends BenchOutcome {
  name: string;
  machine: MachineInfo;
  /** The command that re-runs this benchmark alone. */
  rerun: string;
  startedAt: string;
  benchWallMs: number;
  /** 1-minute load average before and after: how busy the machine was (2 cores here). */
  loadAverage: { before: number; after: number };
}

export function ratioPasses(ratio: number, target: RatioTarget): boolean {
  return target.strict ? ratio < target.max : ratio <= target.max;
}

export function formatTarget(target: RatioTarget): string {
  return `${target.strict ? '<' : '≤'} ${formatRatio(target.max, target)}`;
}

export function formatRatio(ratio: number, target: RatioTarget): string {
  return target.percent ? `${Math.round(ratio * 100_000) / 1000} %` : `${ratio}×`;
}

/** A headline outcome from a subject, a baseline and a target (ratio = subject / baseline). */
export function headline(
  subject: Measure,
  baseline: Measure,
  target: RatioTarget,
): Pick<BenchOutcome, 'subject' | 'baseline' | 'ratio' | 'target' | 'pass'> {
  const exact = subject.value / baseline.value;
  const ratio = target.percent ? Math.round(exact * 1e6) / 1e6 : round3(exact);
  return { subject, baseline, ratio, target, pass: ratioPasses(ratio, target) };
}

export function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

export function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function mib(bytes: number): number {
  return round1(bytes / 1024 / 1024);
}
