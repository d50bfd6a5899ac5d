#!/usr/bin/env node
/**
 * A fake nvidia-smi for tests and benchmarks. It answers the two queries the resource watchdog runs
 * (`--query-gpu=...` and `--query-compute-apps=...`, `--format=csv[,noheader][,nounits]`, `-lms <ms>` /
 * `-l <s>`) by playing back a memory timeline, and can misbehave on request.
 *
 * Environment:
 *   FAKE_NVIDIA_SMI_TIMELINE  path of a JSON file (or the JSON itself) holding an array of points:
 *       { "atMs": 0, "usedMiB": 2000, "totalMiB": 8192 }            GPU 0 (values carry forward)
 *       { "atMs": 1500, "usedMiB": 7900 }
 *       { "atMs": 0, "gpus": [{ "index": 1, "name": "...", "usedMiB": 10, "totalMiB": 4096 }] }
 *       { "atMs": 0, "apps": [{ "pid": "parent", "usedMiB": 1200 }] }  compute processes ("parent": our parent;
 *                                                                       "gpu": index, default 0)
 *       { "atMs": 3000, "mode": "hang" }                                 switch mode mid-run
 *     Any number may be given as a string such as "[N/A]" or "[Not Supported]" to print it verbatim.
 *     `freeMiB` is total − used unless given.
 *   FAKE_NVIDIA_SMI_APPS_DIR  a folder of files named by pid, each holding MiB (the fake sidecar writes
 *                             them): every such process that is alive is listed as a compute process and
 *                             its MiB count as used on GPU 0 (read on every frame)
 *   FAKE_NVIDIA_SMI_MODE      initial mode: normal | hang (print nothing, stay alive) | crash (print the
 *                             driver error and exit 9) | garbage (print unparseable lines, never a valid one)
 *   FAKE_NVIDIA_SMI_SPLIT=1   write every line in two pieces a few ms apart (exercises line splitting)
 *   FAKE_NVIDIA_SMI_LOG       append one JSON line per start ({ pid, args, atMs }) to this file
 *   FAKE_NVIDIA_SMI_MAX_LIFETIME_MS  exit after this long whatever happens (default 10 minutes)
 * It also exits when its parent goes away, so a killed test leaves nothing behind.
 */
import fs from 'node:fs';

const startedAt = performance.now();
const env = process.env;
const args = process.argv.slice(2);
const parentPid = process.ppid;

if (env.FAKE_NVIDIA_SMI_LOG) {
  fs.appendFileSync(
    env.FAKE_NVIDIA_SMI_LOG,
    `${JSON.stringify({ pid: process.pid, args, atMs: Date.now() })}\n`,
  );
}

function option(name) {
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    if (arg === name) return args[i + 1];
    if (arg.startsWith(`${name}=`)) return arg.slice(name.length + 1);
  }
  return undefined;
}

const gpuQuery = option('--query-gpu');
const appsQuery = option('--query-compute-apps');
const format = (option('--format') ?? '').split(',');
const noHeader = format.includes('noheader');
const noUnits = format.includes('nounits');
const loopMs = option('-lms') ?? option('--loop-ms');
const loopS = option('-l') ?? option('--loop');
const intervalMs = loopMs !== undefined ? Number(loopMs) : loopS !== undefined ? Number(loopS) * 1000 : null;

if (args.includes('-h') || args.includes('--help') || (!gpuQuery && !appsQuery)) {
  process.stdout.write(
    'fake nvidia-smi: use --query-gpu=... or --query-compute-apps=... with --format=csv\n',
  );
  process.exit(args.includes('-h') || args.includes('--help') ? 0 : 2);
}
if (intervalMs !== null && !(intervalMs > 0)) {
  process.stdout.write('Invalid loop interval.\n');
  process.exit(2);
}

const GPU_FIELDS = {
  index: (gpu) => gpu.index,
  name: (gpu) => gpu.name,
  'memory.total': (gpu) => withUnit(gpu.totalMiB, 'MiB'),
  'memory.used': (gpu) => withUnit(gpu.usedMiB, 'MiB'),
  'memory.free': (gpu) => withUnit(freeOf(gpu), 'MiB'),
  'utilization.gpu': (gpu) => withUnit(gpu.utilization, '%'),
};
const APP_FIELDS = {
  pid: (app) => app.pid,
  used_memory: (app) => withUnit(app.usedMiB, 'MiB'),
  used_gpu_memory: (app) => withUnit(app.usedMiB, 'MiB'),
  process_name: (app) => app.name ?? 'python',
  gpu_uuid: (app) => `GPU-fake-${app.gpu ?? 0}`,
};
const fieldTable = gpuQuery ? GPU_FIELDS : APP_FIELDS;
const fields = (gpuQuery ?? appsQuery).split(',').map((field) => field.trim());
for (const field of fields) {
  if (!(field in fieldTable)) {
    process.stdout.write(`Field "${field}" is not a valid field to query.\n\n`);
    process.exit(2);
  }
}

function withUnit(value, unit) {
  if (typeof value === 'string') return value;
  return noUnits ? String(value) : `${value} ${unit}`;
}

function freeOf(gpu) {
  if (gpu.freeMiB !== undefined) return gpu.freeMiB;
  if (typeof gpu.totalMiB !== 'number' || typeof gpu.usedMiB !== 'number') return '[N/A]';
  return Math.max(0, gpu.totalMiB - gpu.usedMiB);
}

function loadTimeline() {
  const source = env.FAKE_NVIDIA_SMI_TIMELINE;
  if (!source) return [{ atMs: 0 }];
  const text = source.trim().startsWith('[') ? source : fs.readFileSync(source, 'utf8');
  const points = JSON.parse(text);
  if (!Array.isArray(points)) throw new Error('FAKE_NVIDIA_SMI_TIMELINE must hold a JSON array');
  return [...points].sort((a, b) => (a.atMs ?? 0) - (b.atMs ?? 0));
}

const timeline = loadTimeline();

/** The state at `atMs`: every point up to then applied in order (values carry forward). */
function stateAt(atMs) {
  const gpus = new Map([
    [0, { index: 0, name: 'NVIDIA Fake GPU', totalMiB: 8192, usedMiB: 0, utilization: 0 }],
  ]);
  let apps = [];
  let mode = env.FAKE_NVIDIA_SMI_MODE ?? 'normal';
  const apply = (index, patch) => {
    const gpu = gpus.get(index) ?? {
      index,
      name: `NVIDIA Fake GPU ${index}`,
      totalMiB: 8192,
      usedMiB: 0,
      utilization: 0,
    };
    for (const key of ['name', 'totalMiB', 'usedMiB', 'freeMiB', 'utilization']) {
      if (patch[key] !== undefined) gpu[key] = patch[key];
    }
    // An explicit free figure holds only until used/total change again.
    if (patch.freeMiB === undefined && (patch.usedMiB !== undefined || patch.totalMiB !== undefined))
      delete gpu.freeMiB;
    gpus.set(index, gpu);
  };
  for (const point of timeline) {
    if ((point.atMs ?? 0) > atMs) break;
    apply(0, point);
    for (const gpu of point.gpus ?? []) apply(gpu.index ?? 0, gpu);
    if (point.apps)
      apps = point.apps.map((app) => ({ ...app, pid: app.pid === 'parent' ? parentPid : app.pid }));
    if (point.mode) mode = point.mode;
  }
  const live = liveAppsFromDir();
  if (live.length > 0) {
    apps = [...apps, ...live];
    const gpu0 = gpus.get(0);
    if (typeof gpu0.usedMiB === 'number') {
      gpu0.usedMiB += live.reduce((sum, app) => sum + app.usedMiB, 0);
      if (typeof gpu0.totalMiB === 'number') gpu0.usedMiB = Math.min(gpu0.usedMiB, gpu0.totalMiB);
      delete gpu0.freeMiB;
    }
  }
  return { gpus: [...gpus.values()].sort((a, b) => a.index - b.index), apps, mode };
}

/** Processes that said (through FAKE_NVIDIA_SMI_APPS_DIR) how much GPU memory they hold, if alive. */
function liveAppsFromDir() {
  const dir = env.FAKE_NVIDIA_SMI_APPS_DIR;
  if (!dir) return [];
  let names = [];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const apps = [];
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    try {
      process.kill(pid, 0);
    } catch {
      continue;
    }
    try {
      const usedMiB = Number(fs.readFileSync(`${dir}/${name}`, 'utf8').trim());
      if (Number.isFinite(usedMiB) && usedMiB > 0) apps.push({ pid, usedMiB });
    } catch {
      // removed meanwhile
    }
  }
  return apps.sort((a, b) => a.pid - b.pid);
}

const GARBAGE = [
  'Failed to initialize NVML: Unknown Error',
  '\u0000\u0007 ### ~~ not csv ~~',
  '0, NVIDIA Fake GPU, lots, some, few, busy',
  'index, name, memory.total [MiB]',
];
let garbageIndex = 0;

function write(text) {
  if (env.FAKE_NVIDIA_SMI_SPLIT === '1' && text.length > 2) {
    const cut = Math.floor(text.length / 2);
    process.stdout.write(text.slice(0, cut));
    setTimeout(() => process.stdout.write(text.slice(cut)), 3);
  } else {
    process.stdout.write(text);
  }
}

let headerPrinted = false;

function printFrame() {
  const state = stateAt(performance.now() - startedAt);
  switch (state.mode) {
    case 'hang':
      return;
    case 'crash':
      process.stdout.write(
        "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running.\n\n",
      );
      process.exit(9);
      return;
    case 'garbage':
      write(`${GARBAGE[garbageIndex++ % GARBAGE.length]}\n`);
      return;
    default: {
      const rows = gpuQuery ? state.gpus : state.apps;
      let text = '';
      if (!noHeader && !headerPrinted) {
        text += `${fields.join(', ')}\n`;
        headerPrinted = true;
      }
      for (const row of rows) text += `${fields.map((field) => fieldTable[field](row)).join(', ')}\n`;
      if (text) write(text);
    }
  }
}

process.stdout.on('error', () => process.exit(0));

printFrame();
if (intervalMs === null) {
  process.exitCode = 0;
} else {
  let frame = 0;
  const next = () => {
    frame += 1;
    const dueAt = startedAt + frame * intervalMs;
    setTimeout(
      () => {
        printFrame();
        next();
      },
      Math.max(0, dueAt - performance.now()),
    );
  };
  next();
  const guard = setInterval(() => {
    if (process.ppid !== parentPid) process.exit(0);
  }, 1000);
  guard.unref();
  setTimeout(() => process.exit(0), Number(env.FAKE_NVIDIA_SMI_MAX_LIFETIME_MS ?? 600_000)).unref();
}
