/**
 * The CLI bundle as a user gets it: built into a copy of the install layout (bin/roundtable.js, package.json,
 * node_modules, dist/cli) that holds NO TypeScript sources, so every command here can only have run from the
 * bundle, and a render only with the bundled worker (the tsx fallback would find no worker-main.ts).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliBundleReport } from './cli-bundle';
import { bundleCli, CLI_BUILD_INFO_FILE } from './cli-bundle';
import { REPO_ROOT } from './bundle';
import { HANG_GUARD_MS } from '../../test-support/hang-guard';

const SOURCES_MARKER = 'ran main.ts from sources';

describe('CLI bundle', () => {
  let install: string;
  let report: CliBundleReport;

  beforeAll(async () => {
    install = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-cli-bundle-'));
    fs.mkdirSync(path.join(install, 'bin'));
    fs.copyFileSync(path.join(REPO_ROOT, 'bin/roundtable.js'), path.join(install, 'bin/roundtable.js'));
    fs.copyFileSync(path.join(REPO_ROOT, 'package.json'), path.join(install, 'package.json'));
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(install, 'node_modules'), 'dir');
    report = await bundleCli({ outDir: path.join(install, 'dist/cli') });
  }, 300_000);

  afterAll(() => fs.rmSync(install, { recursive: true, force: true }));

  function run(args: string[], env: Record<string, string> = {}) {
    const result = spawnSync(process.execPath, [path.join(install, 'bin/roundtable.js'), ...args], {
      cwd: install,
      encoding: 'utf8',
      timeout: HANG_GUARD_MS,
      env: { ...process.env, ROUNDTABLE_DATA_DIR: path.join(install, 'data'), ROUNDTABLE_FAULTS: '', ...env },
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  /** A stand-in for the CLI's source entry: when the sources run, it says so. */
  function writeSourceMain(mtimeMs: number): string {
    const file = path.join(install, 'electron/cli/main.ts');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(
      file,
      `export async function runCli(argv: string[]): Promise<number> {\n` +
        `  process.stdout.write('${SOURCES_MARKER} ' + argv.join(' '));\n  return 0;\n}\n`,
    );
    fs.utimesSync(file, mtimeMs / 1000, mtimeMs / 1000);
    return file;
  }

  it('writes the ten entries beside their chunks, and the sources it read', () => {
    const names = fs.readdirSync(report.outDir);
    for (const entry of [
      'roundtable.js',
      'worker-main.js',
      'ort-thread.js',
      'espeak-thread.js',
      'recording-thread.js',
      'export-thread.js',
      'limiter-thread.js',
      'mp3-thread.js',
      'levels-thread.js',
      'inspect-model-child.js',
      CLI_BUILD_INFO_FILE,
    ]) {
      expect(names).toContain(entry);
    }
    expect(names.some((name) => name.includes('.building-'))).toBe(false);
    const { sources } = report.buildInfo;
    expect(sources).toContain('electron/cli/main.ts');
    expect(sources).toContain('electron/worker/worker-main.ts');
    expect(sources).toContain('shared/model/project.ts');
    expect(sources.some((source) => source.includes('node_modules'))).toBe(false);
    // The main entry stays small: commands, zod and native packages load on demand.
    const main = report.files.find((file) => path.basename(file.file) === 'roundtable.js');
    expect(main!.bytes).toBeLessThan(20_000);
  });

  it('runs --help, --version and voices --json from the bundle', () => {
    const help = run(['--help'], { ROUNDTABLE_DEBUG: '1' });
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Roundtable Studio/);
    expect(help.stderr).toBe('');

    const version = run(['--version']);
    const { version: expected } = JSON.parse(fs.readFileSync(path.join(install, 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(version.stdout.trim()).toBe(expected);

    const voices = run(['voices', '--json']);
    expect(voices.code).toBe(0);
    const list = JSON.parse(voices.stdout) as Array<{ engine: string; id: string }>;
    expect(list.length).toBeGreaterThan(1);
    expect(list.every((voice) => voice.engine === 'espeak')).toBe(true);
  });

  it('renders a two-turn script through the bundled CLI and the bundled worker', () => {
    const script = path.join(install, 'two.txt');
    fs.writeFileSync(script, 'Host: Welcome to the show.\nGuest: Thank you, it is good to be here.\n');
    const wav = path.join(install, 'two.wav');
    const result = run(['render', script, '-o', wav]);
    expect(result.stderr).toContain('rendered 2 turns');
    expect(result.code).toBe(0);
    const durationS = Number(
      execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', wav], {
        encoding: 'utf8',
      }),
    );
    expect(durationS).toBeGreaterThan(1.5);
    // ffmpeg as an independent decoder: the file carries speech, not silence.
    const volume = spawnSync(
      'ffmpeg',
      ['-hide_banner', '-nostats', '-i', wav, '-af', 'volumedetect', '-f', 'null', '-'],
      {
        encoding: 'utf8',
      },
    );
    const meanDb = Number(/mean_volume: (-?[\d.]+) dB/.exec(volume.stderr)?.[1] ?? -Infinity);
    expect(meanDb).toBeGreaterThan(-40);
  }, 300_000);

  it('falls back to the sources once a source is newer than the build, or when ROUNDTABLE_NO_BUNDLE is set', () => {
    const { startedAtMs } = report.buildInfo;
    const source = writeSourceMain(startedAtMs - 60_000);
    expect(run(['--help']).stdout).toMatch(/^Roundtable Studio/);

    const forced = run(['--help'], { ROUNDTABLE_NO_BUNDLE: '1', ROUNDTABLE_DEBUG: '1' });
    expect(forced.stdout).toBe(`${SOURCES_MARKER} --help`);
    expect(forced.stderr).toContain('ROUNDTABLE_NO_BUNDLE is set');

    fs.utimesSync(source, (startedAtMs + 1000) / 1000, (startedAtMs + 1000) / 1000);
    const stale = run(['--help'], { ROUNDTABLE_DEBUG: '1' });
    expect(stale.stdout).toBe(`${SOURCES_MARKER} --help`);
    expect(stale.stderr).toContain('electron/cli/main.ts changed after the bundle was built');
  });

  it('runs from the sources when dist/cli holds no finished build', () => {
    const info = path.join(report.outDir, CLI_BUILD_INFO_FILE);
    const saved = fs.readFileSync(info);
    writeSourceMain(report.buildInfo.startedAtMs - 60_000);
    fs.rmSync(info);
    try {
      expect(run(['--help']).stdout).toBe(`${SOURCES_MARKER} --help`);
    } finally {
      fs.writeFileSync(info, saved);
    }
  });

  it('refuses a root without the entries and leaves the existing bundle alone', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-cli-bundle-empty-'));
    try {
      await expect(bundleCli({ rootDir: empty, outDir: report.outDir })).rejects.toThrow(
        /missing entry electron\/cli\/main\.ts/,
      );
      expect(fs.existsSync(path.join(report.outDir, 'roundtable.js'))).toBe(true);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});
