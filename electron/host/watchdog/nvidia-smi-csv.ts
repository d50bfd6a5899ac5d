/**
 * The two nvidia-smi queries the watchdog runs, and parsers for their CSV lines
 * (`--format=csv,noheader,nounits`: comma-separated, memory in MiB, utilisation in percent).
 */
import type { GpuMemory } from './gpu-probe';
import { MIB } from './units';

export const GPU_QUERY_FIELDS = [
  'index',
  'name',
  'memory.total',
  'memory.used',
  'memory.free',
  'utilization.gpu',
];
/** gpu_uuid tells a process's lines on two GPUs from two frames of the loop (see NvidiaSmiProbe). */
export const APPS_QUERY_FIELDS = ['pid', 'used_memory', 'gpu_uuid'];

/** Arguments of the long-lived per-GPU memory query, printing one line per GPU every `intervalMs`. */
export function gpuQueryArgs(intervalMs: number): string[] {
  return [
    `--query-gpu=${GPU_QUERY_FIELDS.join(',')}`,
    '--format=csv,noheader,nounits',
    '-lms',
    String(Math.max(1, Math.round(intervalMs))),
  ];
}

/** Arguments of the long-lived per-process query: one line per compute process every `intervalMs`. */
export function appsQueryArgs(intervalMs: number): string[] {
  return [
    `--query-compute-apps=${APPS_QUERY_FIELDS.join(',')}`,
    '--format=csv,noheader,nounits',
    '-lms',
    String(Math.max(1, Math.round(intervalMs))),
  ];
}

export interface ComputeAppLine {
  pid: number;
  usedBytes: number | null;
  /** The GPU the memory is on. */
  gpu: string;
}

/**
 * A field's number, or null for the placeholders nvidia-smi prints where a value is not available:
 * `[N/A]`, `[Not Supported]`, `[Unknown Error]`, `[Insufficient Permissions]`, ... Returns undefined for
 * a field that is neither a number nor a bracketed placeholder (the line is garbage).
 */
export function parseNumericField(raw: string): number | null | undefined {
  const text = raw.trim();
  if (text.length === 0) return undefined;
  if (/^\[.*\]$/.test(text) || text === 'N/A') return null;
  if (!/^-?\d+(\.\d+)?$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** Parses one `--query-gpu` line; returns null for a line that is not one (errors, banners, garbage). */
export function parseGpuLine(line: string): GpuMemory | null {
  const fields = line.split(',');
  if (fields.length < GPU_QUERY_FIELDS.length) return null;
  // The name is the only free-text field: anything between the index and the four numbers belongs to it.
  const [indexField] = fields;
  const numeric = fields.slice(-4);
  const name = fields.slice(1, -4).join(',').trim();
  if (indexField === undefined || !/^\s*\d+\s*$/.test(indexField) || name.length === 0) return null;
  const [total, used, free, utilization] = numeric.map(parseNumericField);
  if (total === undefined || used === undefined || free === undefined || utilization === undefined)
    return null;
  const totalBytes = total === null ? null : total * MIB;
  const usedBytes = used === null ? null : used * MIB;
  let freeBytes = free === null ? null : free * MIB;
  if (freeBytes === null && totalBytes !== null && usedBytes !== null)
    freeBytes = Math.max(0, totalBytes - usedBytes);
  return {
    index: Number(indexField),
    name,
    totalBytes,
    usedBytes,
    freeBytes,
    utilizationPercent: utilization,
  };
}

/** Parses one `--query-compute-apps` line; null for anything else. */
export function parseComputeAppLine(line: string): ComputeAppLine | null {
  const fields = line.split(',');
  if (fields.length !== APPS_QUERY_FIELDS.length) return null;
  const [pidField, usedField, gpuField] = fields as [string, string, string];
  if (!/^\s*\d+\s*$/.test(pidField)) return null;
  const used = parseNumericField(usedField);
  const gpu = gpuField.trim();
  if (used === undefined || gpu.length === 0) return null;
  return { pid: Number(pidField), usedBytes: used === null ? null : used * MIB, gpu };
}
