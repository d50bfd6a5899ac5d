/**
 * The fault soak (issue 14): random kills (SIGKILL/SIGINT to the CLI, SIGKILL to its inference worker,
 * kills while the export is being written) across renders and exports of one long script in one data
 * folder, two runs at a time on the same outputs now and then. Afterwards (and after every run):
 * - a run that exited 0 left complete outputs that agree with their report (duration, turns, loudness
 *   measured by ffmpeg as an independent oracle);
 * - the script and the project's own files are byte-for-byte unchanged;
 * - no temporary, partial or spool file is left once a clean run has finished;
 * - no process started by the soak is left running.
 *
 * `npm run soak -- [--kills 100] [--minutes 30] [--seed 1] [--keep]`. Exit code 1 on any violation.
 * Not part of `npm test`: it takes tens of minutes and its point is the random schedule.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { scriptToProject } from '../shared/model/from-script';
import { parseScript } from '../shared/script/parser';
import { ProjectStore } from '../electron/host/project/project-store';
import { generateScript } from './script-gen';

const ROOT = path.resolve(import.meta.dirname, '..');
const CLI = path.join(ROOT, 'bin/roundtable.js');
/** Files the app writes while working; none may outlive the run that made it (or the next clean run). */
const TEMP_PATTERN = /\.(partial|tmp)\b|\.tmp-|\.spool-|\.f32$/;

interface Options {
  kills: number;
  minutes: number;
  seed: number;
  keep: boolean;
}

function parseArgs(args: string[]): Options {
  const options: Options = { kills: 100, minutes: 30, seed: 1, keep: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = Number(args[i + 1]);
    if (arg === '--keep') options.keep = true;
    else if (arg === '--kills' || arg === '--minutes' || arg === '--seed') {
      if (!Number.isFinite(value) || value <= 0) throw new Error(`${arg} takes a positive number`);
      options[arg.slice(2) as 'kills' | 'minutes' | 'seed'] = value;
      i++;
    } else throw new Error(`unknown option ${arg}`);
  }
  return options;
}

/** Small deterministic PRNG (mulberry32) so a failing schedule can be replayed with its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sha256(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });
}

/** Pids of live processes whose environment carries the soak's marker. */
function markedPids(marker: string): number[] {
  const pids: number[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const env = fs.readFileSync(`/proc/${name}/environ`, 'latin1');
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'latin1');
      if (env.includes(marker) && !/\) Z /.test(stat)) pids.push(Number(name));
    } catch {
      // gone or not ours
    }
  }
  return pids;
}

function childPids(pid: number): number[] {
  try {
    const tasks = fs.readdirSync(`/proc/${pid}/task`);
    return tasks.flatMap((task) =>
      fs
        .readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8')
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map(Number),
    );
  } catch {
    return [];
  }
}

interface Run {
  label: string;
  child: ChildProcess;
  out: string;
  /** Marks the moment a signal is sent: what is printed from then on is `afterSignal`. */
  signalled: () => void;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; afterSignal: string }>;
}

function startRun(label: string, args: string[], env: NodeJS.ProcessEnv, out: string): Run {
  const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  let afterSignal: string | null = null;
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
    if (afterSignal !== null) afterSignal = (afterSignal + chunk).slice(-4000);
  });
  const done = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stderr: string;
    afterSignal: string;
  }>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal, stderr, afterSignal: afterSignal ?? '' })),
  );
  return { label, child, out, done, signalled: () => (afterSignal ??= '') };
}

interface ReportFacts {
  durationS: number;
  turns: number;
  audible: number;
  expectedLufs?: number;
  ok: boolean;
}

function readReport(file: string): ReportFacts {
  const text = fs.readFileSync(file, 'utf8');
  const duration = /Duration: ([\d.]+) s, (\d+) turns/.exec(text);
  const audible = /Turns present and audible: (\d+) of (\d+)/.exec(text);
  const expected = /Expected output: (-?[\d.]+) LUFS/.exec(text);
  if (!duration || !audible) throw new Error(`${file} does not read as a report:\n${text}`);
  return {
    durationS: Number(duration[1]),
    turns: Number(duration[2]),
    audible: Number(audible[1]),
    expectedLufs: expected ? Number(expected[1]) : undefined,
    ok: /Result: OK/.test(text),
  };
}

/** Duration and integrated loudness of a file as ffmpeg decodes it (the independent oracle). */
function measure(file: string): { durationS: number; lufs: number } {
  const result = spawnSync('ffmpeg', ['-nostats', '-i', file, '-af', 'ebur128', '-f', 'null', '-'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const lufs = /Integrated loudness:\s+I:\s+(-?[\d.]+) LUFS/.exec(result.stderr);
  const duration = /Duration: (\d+):(\d+):([\d.]+)/.exec(result.stderr);
  if (result.status !== 0 || !lufs || !duration) throw new Error(`ffmpeg could not read ${file}`);
  return {
    durationS: Number(duration[1]) * 3600 + Number(duration[2]) * 60 + Number(duration[3]),
    lufs: Number(lufs[1]),
  };
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const random = prng(options.seed);
  const markValue = randomBytes(6).toString('hex');
  const marker = `ROUNDTABLE_SOAK_MARK=${markValue}`;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'roundtable-soak-'));
  const outDir = path.join(root, 'out');
  const dataDir = path.join(root, 'data');
  fs.mkdirSync(outDir);
  const env = {
    ...process.env,
    ROUNDTABLE_DATA_DIR: dataDir,
    ROUNDTABLE_SOAK_MARK: markValue,
  };
  const failures: string[] = [];
  const fail = (message: string): void => {
    failures.push(message);
    console.log(`  VIOLATION: ${message}`);
  };

  const scriptText = generateScript(options.minutes);
  const scriptFile = path.join(root, 'episode.txt');
  fs.writeFileSync(scriptFile, scriptText);
  const projectDir = path.join(root, 'project');
  const { project } = scriptToProject(parseScript(scriptText), { title: 'Soak' });
  await new ProjectStore().createProject(projectDir, project);
  // One clean export first: it renders the project's turns and records their takes in project.json, so
  // from here on nothing may change the project's own files.
  const first = await startRun('setup', ['export', projectDir, '-o', path.join(root, 'setup.wav')], env, '')
    .done;
  if (first.code !== 0) throw new Error(`the setup export failed: ${first.stderr}`);
  const protectedFiles = [scriptFile, path.join(projectDir, 'project.json')];
  const hashes = new Map(protectedFiles.map((file) => [file, sha256(file)]));
  console.log(
    `soak: ${options.kills} kills, ${options.minutes}-minute script, seed ${options.seed}, in ${root}`,
  );

  const outputs = ['a.wav', 'b.mp3', 'c.flac'].map((name) => path.join(outDir, name));
  const commandFor = (out: string): string[] =>
    random() < 0.7 ? ['render', scriptFile, '-o', out] : ['export', projectDir, '-o', out];
  let typicalMs = 20_000;
  let finished = 0;
  let killed = 0;

  const checkFinished = (run: Run): void => {
    const report = run.out.replace(/\.(wav|mp3|flac)$/, '.report.txt');
    try {
      const facts = readReport(report);
      const heard = measure(run.out);
      if (!facts.ok || facts.audible !== facts.turns)
        fail(`${run.label}: report says ${facts.audible} of ${facts.turns} audible`);
      if (Math.abs(heard.durationS - facts.durationS) > 0.2)
        fail(`${run.label}: ${run.out} lasts ${heard.durationS} s, its report says ${facts.durationS} s`);
      if (facts.expectedLufs !== undefined && Math.abs(heard.lufs - facts.expectedLufs) > 0.6)
        fail(`${run.label}: ${run.out} measures ${heard.lufs} LUFS, its report says ${facts.expectedLufs}`);
    } catch (error) {
      fail(`${run.label}: ${(error as Error).message}`);
    }
  };

  for (let iteration = 1; iteration <= options.kills; iteration++) {
    const out = outputs[Math.floor(random() * outputs.length)] as string;
    const target = startRun(`#${iteration}`, commandFor(out), env, out);
    const runs = [target];
    if (random() < 0.15) runs.push(startRun(`#${iteration}b`, commandFor(out), env, out));
    const kind = ['cli-kill', 'cli-int', 'worker-kill', 'late-kill'][Math.floor(random() * 4)];
    const fraction = kind === 'late-kill' ? 0.7 + 0.3 * random() : random();
    const delayMs = Math.round(fraction * typicalMs);
    const started = Date.now();
    const timer = setTimeout(() => {
      const pid = target.child.pid;
      if (pid === undefined || target.child.exitCode !== null) return;
      if (kind === 'worker-kill') for (const child of childPids(pid)) process.kill(child, 'SIGKILL');
      else {
        target.signalled();
        target.child.kill(kind === 'cli-int' ? 'SIGINT' : 'SIGKILL');
      }
    }, delayMs);
    const results = await Promise.all(runs.map((run) => run.done));
    clearTimeout(timer);
    const elapsed = Date.now() - started;
    results.forEach((result, index) => {
      const run = runs[index] as Run;
      const status = result.signal ?? result.code;
      console.log(`${run.label} ${kind} at ${delayMs} ms: ${status} after ${elapsed} ms`);
      if (result.code === 0) {
        finished++;
        checkFinished(run);
      } else {
        killed++;
        // What came before the signal (plan, progress) is the run's normal output; after it, one line.
        if (result.code === 130 && result.afterSignal.trim().split('\n').length > 2)
          fail(`${run.label}: Ctrl+C printed more than a line or two:\n${result.afterSignal}`);
        if (result.signal === null && result.code !== 130)
          fail(`${run.label}: exited ${result.code}: ${result.stderr.trim().split('\n').at(-1)}`);
      }
    });
    if (results.every((result) => result.code === 0)) typicalMs = Math.max(2000, elapsed);
    if (results.some((result) => result.code === 130)) {
      // A Ctrl+C'ed run cleans up after itself before it exits.
      const leftovers = [...walk(outDir), ...walk(dataDir)].filter((f) => TEMP_PATTERN.test(f));
      const own = leftovers.filter((f) => runs.some((run) => f.includes(String(run.child.pid))));
      if (own.length > 0) fail(`#${iteration}: Ctrl+C left ${own.join(', ')}`);
    }
    for (const [file, hash] of hashes) if (sha256(file) !== hash) fail(`#${iteration}: ${file} changed`);
  }

  console.log('soak: one clean render and export, then the final checks');
  const [wavOut, mp3Out] = outputs as [string, string, string];
  for (const [args, out] of [
    [['render', scriptFile, '-o', wavOut], wavOut],
    [['export', projectDir, '-o', mp3Out], mp3Out],
  ] as const) {
    const run = startRun('final', [...args], env, out);
    const result = await run.done;
    if (result.code !== 0) fail(`final ${args[0]} exited ${result.code}: ${result.stderr.trim()}`);
    else checkFinished(run);
  }
  const leftovers = [...walk(outDir), ...walk(dataDir), ...walk(projectDir)].filter((f) =>
    TEMP_PATTERN.test(f),
  );
  if (leftovers.length > 0) fail(`temporary files left: ${leftovers.join(', ')}`);
  for (const [file, hash] of hashes) if (sha256(file) !== hash) fail(`${file} changed`);
  let alive = markedPids(marker);
  for (let wait = 0; alive.length > 0 && wait < 30; wait++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    alive = markedPids(marker);
  }
  if (alive.length > 0) fail(`processes left running: ${alive.join(', ')}`);

  console.log(`soak: ${finished} runs finished, ${killed} stopped, ${failures.length} violations`);
  if (!options.keep) fs.rmSync(root, { recursive: true, force: true });
  return failures.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
