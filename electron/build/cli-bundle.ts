/**
 * Bundles the command line into dist/cli/ with esbuild, so `roundtable` starts without compiling TypeScript:
 *   roundtable.js           the CLI (exports `runCli`; bin/roundtable.js runs it)
 *   worker-main.js          inference worker, forked by the CLI (found next to the bundle by worker-channel.ts)
 *   ort-thread.js           the worker's ONNX Runtime thread
 *   espeak-thread.js        the worker's espeak threads (one espeak-ng instance each)
 *   recording-thread.js     the episode recording thread (module-thread.ts)
 *   export-thread.js        an export (mix, loudness, limiter, encoders, files), off the main thread
 *   limiter-thread.js       an export's true-peak limiter, beside its encoder
 *   mp3-thread.js           an MP3 export's LAME (WebAssembly), beside the export
 *   levels-thread.js        "match levels": every speaker's loudness over its takes, off the main thread
 *   inspect-model-child.js  the model inspector's child process
 *   <name>-<hash>.js        code shared by the entries, and the commands main.ts loads on demand
 *   build-info.json         written last: when the build started and the sources it read
 * The outputs sit in one folder because every entry above is found as a sibling of the module that starts it.
 * bin/roundtable.js runs the bundle only while no source in build-info.json is newer than the build.
 *
 * Run: node bin/run-ts.js electron/build/cli-bundle.ts [--out <dir>] [--soft]   (npm run build:cli)
 * --soft (npm's `prepare`): a failed build prints one line and exits 0; the CLI then runs from sources.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { Message } from 'esbuild';
import { build } from 'esbuild';
import type { BundleEntry, BundleReport } from './bundle';
import { commonBuildOptions, NODE_ESM_OPTIONS, REPO_ROOT, SIBLING_ENTRIES } from './bundle';

const execFileAsync = promisify(execFile);

export const CLI_ENTRIES: readonly BundleEntry[] = [
  { source: 'electron/cli/main.ts', outFile: 'roundtable.js', kind: 'node-esm' },
  ...SIBLING_ENTRIES,
];

/** Default output folder, relative to the repository root (bin/roundtable.js looks there). */
export const CLI_OUT_DIR = 'dist/cli';
export const CLI_BUILD_INFO_FILE = 'build-info.json';

/** Files that shape the output without being bundled: the build scripts and the compiler settings. */
const BUILD_INPUTS = [
  'electron/build/cli-bundle.ts',
  'electron/build/bundle.ts',
  'electron/tsconfig.json',
  'tsconfig.base.json',
];

/** What bin/roundtable.js reads to decide whether the bundle is fresh. Paths are relative to the root, with `/`. */
export interface CliBuildInfo {
  format: 1;
  /** Wall-clock time the build started reading sources; a source modified after it makes the bundle stale. */
  startedAtMs: number;
  sources: string[];
}

export interface CliBundleOptions {
  rootDir?: string;
  /** Output folder, relative to rootDir or absolute. Default dist/cli. */
  outDir?: string;
  /** Default true: smaller files parse faster (stack traces map back through the .map files). */
  minify?: boolean;
}

export interface CliBundleReport extends BundleReport {
  buildInfo: CliBuildInfo;
  elapsedMs: number;
}

/**
 * Parses every output as an ES module in one Node process (a `node --check` per file costs a Node start
 * each): catches a banner that collides with bundled code without running anything.
 */
const SYNTAX_CHECK = `
const fs = require('node:fs');
const { SourceTextModule } = require('node:vm');
for (const file of JSON.parse(process.argv[1])) {
  try { new SourceTextModule(fs.readFileSync(file, 'utf8'), { identifier: file }); }
  catch (error) { console.error(file + ': ' + error.message); process.exitCode = 1; }
}
`;

async function checkModuleSyntax(files: string[]): Promise<void> {
  try {
    await execFileAsync(process.execPath, [
      '--experimental-vm-modules',
      '--no-warnings',
      '-e',
      SYNTAX_CHECK,
      JSON.stringify(files),
    ]);
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`a bundled file does not parse: ${stderr || String(error)}`);
  }
}

async function missingEntries(rootDir: string): Promise<string[]> {
  const missing: string[] = [];
  for (const entry of CLI_ENTRIES) {
    try {
      await fs.access(path.join(rootDir, entry.source));
    } catch {
      missing.push(entry.source);
    }
  }
  return missing;
}

/**
 * Builds into a sibling staging folder and swaps it in only when every file is written and parses, so a
 * failed build leaves the previous bundle (and a CLI running from it) untouched.
 */
export async function bundleCli(options: CliBundleOptions = {}): Promise<CliBundleReport> {
  const started = Date.now();
  const rootDir = options.rootDir ?? REPO_ROOT;
  const outDir = path.resolve(rootDir, options.outDir ?? CLI_OUT_DIR);
  const missing = await missingEntries(rootDir);
  if (missing.length > 0) {
    throw new Error(`cannot bundle the CLI: missing entry ${missing.join(', ')} (under ${rootDir})`);
  }
  const staging = `${outDir}.building-${process.pid}`;
  await fs.rm(staging, { recursive: true, force: true });
  try {
    const result = await build({
      ...commonBuildOptions(rootDir, options.minify ?? true),
      ...NODE_ESM_OPTIONS,
      // Error classes keep their names in minified code (messages and `instanceof` do not depend on them,
      // but logs and debug output read better).
      keepNames: true,
      entryPoints: Object.fromEntries(
        CLI_ENTRIES.map((entry) => [entry.outFile.replace(/\.js$/, ''), path.join(rootDir, entry.source)]),
      ),
      outdir: staging,
      // Splitting keeps what `--help` loads small: each command's code, zod and the native packages load
      // only when used. Chunks land beside the entries, so `import.meta.url` siblings resolve from them too.
      splitting: true,
      chunkNames: '[name]-[hash]',
      metafile: true,
    });
    const outputs = Object.keys(result.metafile.outputs)
      .filter((file) => file.endsWith('.js'))
      .map((file) => path.resolve(rootDir, file));
    await checkModuleSyntax(outputs);
    const bundled = Object.keys(result.metafile.inputs).filter(
      (input) => !input.includes('node_modules/') && !input.includes(':'),
    );
    const buildInfo: CliBuildInfo = {
      format: 1,
      startedAtMs: started,
      sources: [...new Set([...bundled, ...BUILD_INPUTS])].sort(),
    };
    await fs.writeFile(path.join(staging, CLI_BUILD_INFO_FILE), `${JSON.stringify(buildInfo)}\n`);
    await fs.rm(outDir, { recursive: true, force: true });
    await fs.rename(staging, outDir);
    const files: BundleReport['files'] = [];
    for (const output of outputs) {
      const file = path.join(outDir, path.basename(output));
      files.push({ file, bytes: (await fs.stat(file)).size });
    }
    return { outDir, files, buildInfo, elapsedMs: Date.now() - started };
  } finally {
    await fs.rm(staging, { recursive: true, force: true });
  }
}

function parseArgs(argv: string[]): { outDir: string | undefined; soft: boolean } {
  const index = argv.indexOf('--out');
  return { outDir: index >= 0 ? argv[index + 1] : undefined, soft: argv.includes('--soft') };
}

function summary(report: CliBundleReport): string {
  const entries = new Set(CLI_ENTRIES.map((entry) => entry.outFile));
  const bytes = report.files.reduce((sum, file) => sum + file.bytes, 0);
  const chunks = report.files.filter((file) => !entries.has(path.basename(file.file))).length;
  return (
    `${path.relative(REPO_ROOT, report.outDir) || '.'}: ${entries.size} entries + ${chunks} chunks, ` +
    `${(bytes / 1024 / 1024).toFixed(1)} MiB, ${report.buildInfo.sources.length} sources, ` +
    `built in ${report.elapsedMs} ms\n`
  );
}

/** One line for the user: esbuild's first error with its place, or the error's first line. */
function firstLine(error: unknown): string {
  const first = (error as { errors?: Message[] }).errors?.[0];
  if (first) {
    const where = first.location ? `${first.location.file}:${first.location.line}: ` : '';
    return `${where}${first.text}`;
  }
  return error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  const { outDir, soft } = parseArgs(process.argv.slice(2));
  bundleCli({ outDir })
    .then((report) => process.stdout.write(summary(report)))
    .catch((error: unknown) => {
      const reason = firstLine(error);
      if (soft) {
        // An install must not fail for a start-up optimisation: the CLI runs from sources without it.
        process.stderr.write(
          `roundtable: the CLI bundle was not built (${reason}); roundtable will start from sources ` +
            `(slower). Run "npm run build:cli" to retry.\n`,
        );
        return;
      }
      process.stderr.write(`build:cli failed: ${reason}\n`);
      process.exitCode = 1;
    });
}
