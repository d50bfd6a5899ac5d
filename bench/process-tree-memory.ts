/**
 * Memory of a process and everything it starts (the CLI host and its inference worker), sampled from
 * Linux's /proc: the peak of the summed resident sets (what the machine has to hold at once) and each
 * process's own high-water mark (VmHWM, exact however short the peak was). Elsewhere it reports nothing.
 */
import fs from 'node:fs';

export interface ProcessPeak {
  pid: number;
  /** The script a node process runs (`roundtable.js`, `worker-main.ts`), else the command name. */
  name: string;
  peakRssKiB: number;
}

export interface TreeMemory {
  /** Highest sum of VmRSS over the tree seen at one sample; 0 where /proc is not available. */
  peakTreeRssKiB: number;
  samples: number;
  processes: ProcessPeak[];
}

export class ProcessTreeSampler {
  private timer: NodeJS.Timeout | undefined;
  private peakTreeRssKiB = 0;
  private samples = 0;
  private pids: number[] = [];
  private readonly peaks = new Map<number, ProcessPeak>();

  /** `includeRoot: false` leaves out the root itself (e.g. /usr/bin/time wrapping the real command). */
  constructor(
    private readonly rootPid: number,
    private readonly options: { intervalMs?: number; includeRoot?: boolean } = {},
  ) {}

  start(): void {
    if (process.platform !== 'linux' || this.timer) return;
    this.sample();
    this.timer = setInterval(() => this.sample(), this.options.intervalMs ?? 100);
  }

  /** Stops sampling (call it once the tree has exited: the last sample before exit holds each VmHWM). */
  stop(): TreeMemory {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    return {
      peakTreeRssKiB: this.peakTreeRssKiB,
      samples: this.samples,
      processes: [...this.peaks.values()].sort((a, b) => a.pid - b.pid),
    };
  }

  private sample(): void {
    // Finding the tree scans all of /proc (~2 ms here): every 5th sample, which catches a new process
    // (the worker) within half a second; each known process's own VmHWM covers what happened before.
    if (this.samples % 5 === 0) {
      this.pids = descendants(this.rootPid);
      if (this.options.includeRoot !== false) this.pids.unshift(this.rootPid);
    }
    const pids = this.pids;
    let sum = 0;
    for (const pid of pids) {
      const status = readStatus(pid);
      if (!status) continue;
      sum += status.rssKiB;
      const known = this.peaks.get(pid) ?? { pid, name: processName(pid), peakRssKiB: 0 };
      known.peakRssKiB = Math.max(known.peakRssKiB, status.hwmKiB, status.rssKiB);
      this.peaks.set(pid, known);
    }
    this.samples += 1;
    this.peakTreeRssKiB = Math.max(this.peakTreeRssKiB, sum);
  }
}

/** Every live descendant of `root`, from the parent pid in each /proc/<pid>/stat. */
function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of safeReaddir('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const stat = safeRead(`/proc/${pid}/stat`);
    if (!stat) continue;
    // The command name is in parentheses and may hold spaces: the parent pid is the 2nd field after ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const list = children.get(ppid) ?? [];
    list.push(pid);
    children.set(ppid, list);
  }
  const found: number[] = [];
  const queue = [...(children.get(root) ?? [])];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    found.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return found;
}

function readStatus(pid: number): { rssKiB: number; hwmKiB: number } | undefined {
  const status = safeRead(`/proc/${pid}/status`);
  if (!status) return undefined;
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { rssKiB: field('VmRSS'), hwmKiB: field('VmHWM') };
}

function processName(pid: number): string {
  const args = (safeRead(`/proc/${pid}/cmdline`) ?? '').split('\0').filter(Boolean);
  const script = args.find((arg) => /\.(ts|js|mjs)$/.test(arg) && !arg.includes('node_modules'));
  return script ? script.split('/').slice(-2).join('/') : (args[0] ?? `pid ${pid}`);
}

function safeRead(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function safeReaddir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}
