/**
 * Crash safety of saveProject: 100 times, a child process saves different projects to one folder in a
 * tight loop and is killed with SIGKILL at a random moment (half the runs 0-12 ms after a save begins). Each
 * time the project must open from project.json itself, equal to exactly one state the child saved or the
 * one before it, never a mix, and with every leftover temp file cleaned away.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Project } from '../../shared/model/project';
import { decodeProject } from '../../electron/host/project/project-codec';
import { ProjectStore } from '../../electron/host/project/project-store';
import { makeProject, makeTempDir, removeTempDir } from '../../electron/host/project/test-fixtures';
import { prepareSaveLoopChild, type ChildCommand } from './child-command';
import { projectForStep } from './save-plan';
import { parseTempName } from '../../electron/host/files/temp-files';
import { HANG_GUARD_MS } from '../hang-guard';

/** A temp file of an atomic write (`<file>.roundtable-<pid>-<hex>.tmp`, or the older `.tmp-<pid>-<n>`). */
const isTempName = (name: string): boolean => parseTempName(name) !== null || name.includes('.tmp-');

const RUNS = 100;

/** Kill `delayMs` after the child is ready, or `delayMs` after it announces the save of `step`. */
type KillPlan =
  { kind: 'after-ready'; delayMs: number } | { kind: 'during-save'; step: number; delayMs: number };

interface ChildRun {
  /** Last step announced with `begin`, or -1. */
  begun: number;
  /** Last step announced with `saved`, or -1. */
  saved: number;
}

/** Starts the child, kills it with SIGKILL according to `plan`, resolves once it is gone (and reaped). */
function runChild(child: ChildCommand, dir: string, label: string, plan: KillPlan): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const proc = spawn(child.command, [...child.args, dir, label], {
      cwd: child.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const run: ChildRun = { begun: -1, saved: -1 };
    let pending = '';
    let stderr = '';
    let killTimer: ReturnType<typeof setTimeout> | undefined;
    const kill = () => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    };
    // A child that never reports would hang the test: kill it regardless after 20 s.
    const guard = setTimeout(kill, 20_000);
    proc.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const [word, number] = line.split(' ');
        if (word === 'ready' && plan.kind === 'after-ready') killTimer = setTimeout(kill, plan.delayMs);
        if (word === 'begin') {
          run.begun = Number(number);
          if (plan.kind === 'during-save' && run.begun === plan.step)
            killTimer = setTimeout(kill, plan.delayMs);
        }
        if (word === 'saved') run.saved = Number(number);
      }
    });
    proc.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    proc.on('error', reject);
    proc.on('close', (code, signal) => {
      clearTimeout(guard);
      clearTimeout(killTimer);
      if (signal === 'SIGKILL') resolve(run);
      else reject(new Error(`save-loop child ended by itself (code ${code}): ${stderr}`));
    });
  });
}

let work: string;
let child: ChildCommand;

beforeAll(async () => {
  work = await makeTempDir('rt-kill-during-save-');
  child = await prepareSaveLoopChild(work);
});
afterAll(async () => {
  await removeTempDir(work);
});

describe('saveProject under SIGKILL', () => {
  it(
    `always leaves a project that opens as a saved state (${RUNS} kills)`,
    { timeout: HANG_GUARD_MS },
    async () => {
      const store = new ProjectStore();
      const dir = path.join(work, 'project');
      const initial = makeProject('initial', 0, 20);
      let onDisk: Project = initial;
      let beforeOnDisk: Project | undefined;
      await store.createProject(dir, initial);
      let killsMidWrite = 0;
      let inFlightSaveLanded = 0;

      for (let run = 0; run < RUNS; run += 1) {
        const label = `run${run}`;
        const plan: KillPlan =
          run % 2 === 0
            ? { kind: 'after-ready', delayMs: Math.floor(Math.random() * 51) }
            : {
                kind: 'during-save',
                step: Math.floor(Math.random() * 6),
                delayMs: Math.floor(Math.random() * 13),
              };
        const result = await runChild(child, dir, label, plan);

        const leftovers = (await fs.readdir(dir)).filter((name) => isTempName(name));
        if (leftovers.length > 0) killsMidWrite += 1;

        const opened = await store.openProject(dir);
        const context = `run ${run} (${JSON.stringify(plan)}, begun ${result.begun}, saved ${result.saved})`;
        expect(opened.source, context).toBe('project');
        expect(opened.warnings, context).toEqual([]);

        // The state the child last finished, any save it had begun since, or (nothing finished) the old state.
        // `before` is the state each candidate replaced: what project.json.bak may hold besides the state itself.
        const candidates: { project: Project; before: Project | undefined; inFlight: boolean }[] = [];
        if (result.saved < 0) candidates.push({ project: onDisk, before: beforeOnDisk, inFlight: false });
        for (let step = Math.max(0, result.saved); step <= result.begun; step += 1) {
          candidates.push({
            project: projectForStep(label, step),
            before: step === 0 ? onDisk : projectForStep(label, step - 1),
            inFlight: step > result.saved,
          });
        }
        const match = candidates.find((candidate) => isDeepStrictEqual(candidate.project, opened.project));
        expect(match, `${context}: opened "${opened.project.title}"`).toBeDefined();
        if (match!.inFlight) inFlightSaveLanded += 1;
        onDisk = match!.project;
        beforeOnDisk = match!.before;

        // The backup is whole too: the state project.json replaced, or (killed between keeping the backup and
        // the rename) the current one. Only before the first replacing save is there none.
        const backupFile = path.join(dir, 'project.json.bak');
        const backupText = await fs.readFile(backupFile, 'utf8').catch(() => undefined);
        if (backupText === undefined) {
          expect(beforeOnDisk, context).toBeUndefined();
        } else {
          const backup = decodeProject(backupText, backupFile).project;
          const allowed = [beforeOnDisk, onDisk].filter((state) => state !== undefined);
          expect(
            allowed.some((state) => isDeepStrictEqual(state, backup)),
            `${context}: backup "${backup.title}"`,
          ).toBe(true);
        }
        expect(
          (await fs.readdir(dir)).filter((name) => isTempName(name)),
          context,
        ).toEqual([]);
      }

      // The kills really did land inside saves (temp file written, rename not yet done): typically 20-35 of
      // 100 here, and a few more after the rename but before the child could report it.
      expect(killsMidWrite).toBeGreaterThan(0);
      expect(inFlightSaveLanded + killsMidWrite).toBeGreaterThan(5);
    },
  );
});
