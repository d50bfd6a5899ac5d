/**
 * System RAM and a process's resident memory. On Linux, `MemAvailable` from /proc/meminfo (memory that can
 * be had without swapping, counting reclaimable cache) is the honest "free"; elsewhere the OS's free figure.
 * Reads of /proc are in-memory and take microseconds; they are done synchronously on the sampling tick.
 */
import fs from 'node:fs';
import os from 'node:os';
import { KIB } from './units';

export interface RamReading {
  totalBytes: number;
  freeBytes: number;
  source: 'meminfo' | 'os';
}

export function parseMeminfo(text: string): { totalBytes: number; availableBytes: number } | null {
  const total = /^MemTotal:\s+(\d+)\s*kB/m.exec(text);
  const available = /^MemAvailable:\s+(\d+)\s*kB/m.exec(text);
  if (!total?.[1] || !available?.[1]) return null;
  return { totalBytes: Number(total[1]) * KIB, availableBytes: Number(available[1]) * KIB };
}

/** Resident set size in bytes from the text of /proc/<pid>/status; null if absent. */
export function parseStatusRss(text: string): number | null {
  const match = /^VmRSS:\s+(\d+)\s*kB/m.exec(text);
  return match?.[1] ? Number(match[1]) * KIB : null;
}

export function readRam(platform: NodeJS.Platform = process.platform): RamReading {
  if (platform === 'linux') {
    try {
      const parsed = parseMeminfo(fs.readFileSync('/proc/meminfo', 'utf8'));
      if (parsed)
        return { totalBytes: parsed.totalBytes, freeBytes: parsed.availableBytes, source: 'meminfo' };
    } catch {
      // Fall through to the portable figure.
    }
  }
  return { totalBytes: os.totalmem(), freeBytes: os.freemem(), source: 'os' };
}

/**
 * A process's RSS read from the OS where that is cheap (Linux /proc); null elsewhere or if the process is
 * gone — the worker then reports its own RSS in heartbeats.
 */
export function readProcessRss(pid: number, platform: NodeJS.Platform = process.platform): number | null {
  if (platform !== 'linux') return null;
  try {
    return parseStatusRss(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return null;
  }
}
