/**
 * One export in a process of its own, so its peak RSS is its own: reads a job file (project, take store,
 * output path, options), runs exportProject (on its export thread, or with `inProcess` the pipeline on the
 * main thread, as before the export thread) and prints what it measured as one JSON line on stdout.
 *
 *   node bin/run-ts.js bench/export-child.ts <job.json>
 */
import fs from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { ExportOptions } from '../shared/api/studio-api';
import type { Project } from '../shared/model/project';
import { runExportPipeline } from '../electron/host/export/export-pipeline';
import { exportProject } from '../electron/host/export/export-service';
import { TakeStore } from '../electron/host/render/take-store';

export interface ExportJob {
  project: Project;
  storeDir: string;
  basePath: string;
  options: ExportOptions;
  /** Run the pipeline on the main thread (the figure before the export thread). */
  inProcess?: boolean;
}

export interface ExportChildResult {
  wallMs: number;
  /** Resident set before the export started (runtime, modules, the project): the floor. */
  rssBeforeKiB: number;
  /** Peak resident set of the whole process (getrusage). */
  maxRssKiB: number;
  durationMs: number;
  /** Full reads of the episode the loudness plan took (1 = measure only; more with the limiter). */
  loudnessPasses: number;
  useLimiter: boolean;
  checksOk: boolean;
  outputBytes: number;
  /** CPU time of the whole process (all its threads), user + system: what the export costs whatever the load. */
  cpuMs?: number;
  /** The main thread's longest event-loop delay during the export (what an IPC message could wait), ms. */
  eventLoopMaxDelayMs?: number;
  /** The export's spool file at its largest, bytes (sampled every 100 ms; the spool lives until the end). */
  spoolMaxBytes?: number;
}

/** Largest size seen of a spool file in `dir` (the export writes `<name>.spool.<unique>.tmp` beside its output). */
function watchSpool(dir: string): () => number {
  let max = 0;
  const timer = setInterval(() => {
    for (const name of fs.readdirSync(dir)) {
      if (!name.includes('.spool.')) continue;
      try {
        max = Math.max(max, fs.statSync(path.join(dir, name)).size);
      } catch {
        // Deleted between the listing and the stat: the export has ended.
      }
    }
  }, 100);
  return () => {
    clearInterval(timer);
    return max;
  };
}

async function main(jobFile: string): Promise<ExportChildResult> {
  const job = JSON.parse(fs.readFileSync(jobFile, 'utf8')) as ExportJob;
  const store = new TakeStore(job.storeDir);
  // Exports write into a folder that exists (they no longer make the one they are given).
  fs.mkdirSync(path.dirname(job.basePath), { recursive: true });
  const rssBeforeKiB = Math.round(process.memoryUsage.rss() / 1024);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const request = { project: job.project, store, basePath: job.basePath, options: job.options };
  const spool = watchSpool(path.dirname(job.basePath));
  const result = await (job.inProcess ? runExportPipeline(request) : exportProject(request));
  const spoolMaxBytes = spool();
  delay.disable();
  const wallMs = Math.round(performance.now() - started);
  const cpu = process.cpuUsage(cpuBefore);
  return {
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    eventLoopMaxDelayMs: Math.round(delay.max / 1e6),
    spoolMaxBytes,
    wallMs,
    rssBeforeKiB,
    maxRssKiB: process.resourceUsage().maxRSS,
    durationMs: result.durationMs,
    loudnessPasses: result.loudness.plan?.passes ?? 0,
    useLimiter: result.loudness.plan?.useLimiter ?? false,
    checksOk: result.checks.ok,
    outputBytes: result.audioFiles.reduce((sum, file) => sum + fs.statSync(file.path).size, 0),
  };
}

const jobFile = process.argv[2];
if (!jobFile) {
  console.error('usage: export-child.ts <job.json>');
  process.exitCode = 2;
} else {
  console.log(JSON.stringify(await main(jobFile)));
}
