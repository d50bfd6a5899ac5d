/**
 * `roundtable render` writing files as users run it (child processes, real worker, real files): two runs
 * to the same output sharing a data folder both finish and the report describes the audio beside it; a full
 * data folder stops the render at once, naming the file, leaving no temp file.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ffmpegEbur128 } from '../host/audio/testing/oracle';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(ROOT, 'bin/roundtable.js');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-cli-writes-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function run(dataDir: string, args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: {
        ...process.env,
        ROUNDTABLE_DATA_DIR: dataDir,
        ROUNDTABLE_FAULTS: '',
        ROUNDTABLE_FAULTS_STATE: '',
      },
      cwd: work,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const guard = setTimeout(() => child.kill('SIGKILL'), 240_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(guard);
      resolve({ code, stderr });
    });
  });
}

/** Every file under `dir`, relative. */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((name) => fs.statSync(path.join(dir, name)).isFile())
    .sort();
}

const TEMP = /\.tmp$|\.partial$|\.spool|-lock$|\.tmp-\d+/;

const SCRIPT = Array.from({ length: 6 }, (_, i) =>
  i % 2 === 0 ? `Host: This is line ${i + 1} of our little show.` : `Guest: And this is answer ${i + 1}.`,
).join('\n');

/** A hang guard only: two CLI runs at once on a busy machine take a while. */
const HANG_GUARD = { timeout: 300_000 };

describe('roundtable render writing files', () => {
  it(
    'lets two runs to one output in one data folder both finish; the report describes the audio beside it',
    HANG_GUARD,
    async () => {
      const dataDir = path.join(work, 'shared-data');
      const script = path.join(work, 'two.txt');
      fs.writeFileSync(script, SCRIPT);
      const out = path.join(work, 'two-out', 'ep.wav');
      fs.mkdirSync(path.dirname(out)); // an export writes only into a folder that exists
      const runs = await Promise.all(
        ['-23', '-19'].map((target) => run(dataDir, ['render', script, '-o', out, '--loudness', target])),
      );
      for (const result of runs) {
        expect(result.stderr).not.toMatch(/ENOENT|EEXIST|at .*\.ts:\d+/);
        expect(result.code, result.stderr).toBe(0);
      }
      const report = fs.readFileSync(path.join(work, 'two-out', 'ep.report.txt'), 'utf8');
      const target = Number(/target (-\d+) LUFS/.exec(report)?.[1]);
      expect([-23, -19]).toContain(target);
      expect(Math.abs(ffmpegEbur128(out).integratedLufs - target)).toBeLessThan(0.5);
      expect(filesUnder(path.join(work, 'two-out'))).toEqual(
        ['ep.chapters.vtt', 'ep.json', 'ep.labels.txt', 'ep.report.txt', 'ep.srt', 'ep.vtt', 'ep.wav'].filter(
          (name) => name !== 'ep.chapters.vtt',
        ),
      );
      expect(filesUnder(dataDir).filter((name) => TEMP.test(name))).toEqual([]);
    },
  );

  it(
    'stops at the first full-disk error in the data folder, names the file, and leaves no temp file',
    HANG_GUARD,
    async (context) => {
      const dataDir = path.join(work, 'full-data');
      fs.mkdirSync(dataDir);
      try {
        execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dataDir], { stdio: 'ignore' });
      } catch {
        return context.skip('mounting a tmpfs is not permitted here (needs root); skipped');
      }
      try {
        // Room for about two takes.
        fs.writeFileSync(path.join(dataDir, 'filler'), Buffer.alloc(1024 * 1024 - 300 * 1024));
        const script = path.join(work, 'full.txt');
        fs.writeFileSync(script, SCRIPT);
        const out = path.join(work, 'full-out', 'ep.wav');
        fs.mkdirSync(path.dirname(out));
        const result = await run(dataDir, ['render', script, '-o', out]);
        expect(result.code).not.toBe(0);
        // Said once, as the error that ended the run (a calibration save refused on the way is a warning).
        const said = result.stderr.match(/^roundtable: the disk is full: cannot write [^\n]*/gm) ?? [];
        expect(said, result.stderr).toHaveLength(1);
        // Which file meets the full disk first (a take's audio, KB; its metadata, bytes) is the scheduler's.
        expect(said[0]).toMatch(
          new RegExp(`cannot write ${dataDir}/\\S+; it needs about \\d+(\\.\\d)? (bytes|[KM]B)`),
        );
        expect(result.stderr).toContain('the render stopped there');
        expect(result.stderr).not.toMatch(/line \d+ \(\w+\) failed:/);
        expect(result.stderr).not.toMatch(/at .*\.ts:\d+/);
        expect(filesUnder(dataDir).filter((name) => TEMP.test(name))).toEqual([]);
        expect(fs.existsSync(out)).toBe(false);
      } finally {
        execFileSync('umount', [dataDir], { stdio: 'ignore' });
      }
    },
  );
});
