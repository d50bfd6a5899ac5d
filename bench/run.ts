/**
 * `npm run bench` runs every benchmark; `npm run bench -- <name> [<name>...]` runs those. Each runs in a
 * process of its own (bench/run-one.ts); its result goes to bench/results/<name>.json, then
 * bench/results/latest.json (all results with the machine) and the tables in docs/benchmarks.md are
 * rewritten. Targets missed are reported, not failed: the exit code is 1 only when a benchmark could not run.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleCli } from '../electron/build/cli-bundle';
import type { BenchOutcome, BenchResult } from './bench-result';
import { formatRatio, formatTarget } from './bench-result';
import { BENCHMARKS, findBenchmark } from './benchmarks';
import { resultBlock, summaryBlock, uiBlock, updateDocs } from './docs-tables';
import { loadAverage1, machineInfo } from './machine-info';
import { ROOT, importUiPerf, readResults, writeLatest, writeResult } from './results-store';

const USAGE = `usage: npm run bench [-- <name>...]
benchmarks: ${BENCHMARKS.map((b) => b.name).join(', ')}`;

function runChild(name: string, outFile: string): Promise<number | null> {
  const child = spawn(
    process.execPath,
    [path.join(ROOT, 'bin/run-ts.js'), path.join(ROOT, 'bench/run-one.ts'), name, outFile],
    {
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
}

async function runBenchmark(name: string, tempDir: string): Promise<BenchResult> {
  const outFile = path.join(tempDir, `${name}.json`);
  const loadBefore = loadAverage1();
  const startedAt = new Date().toISOString();
  const started = performance.now();
  const status = await runChild(name, outFile);
  if (status !== 0 || !fs.existsSync(outFile)) throw new Error(`benchmark ${name} exited with ${status}`);
  const outcome = JSON.parse(fs.readFileSync(outFile, 'utf8')) as BenchOutcome;
  return {
    name,
    machine: machineInfo(),
    ...outcome,
    rerun: `npm run bench -- ${name}`,
    startedAt,
    benchWallMs: Math.round(performance.now() - started),
    loadAverage: { before: loadBefore, after: loadAverage1() },
  };
}

async function main(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const unknown = args.filter((name) => !findBenchmark(name));
  if (unknown.length > 0) {
    console.error(`unknown benchmark(s): ${unknown.join(', ')}\n${USAGE}`);
    return 2;
  }
  const selected = args.length > 0 ? BENCHMARKS.filter((b) => args.includes(b.name)) : BENCHMARKS;
  const minutes = selected.reduce((sum, b) => sum + b.expectedMinutes, 0);
  console.log(`running ${selected.map((b) => b.name).join(', ')} (about ${Math.ceil(minutes)} minutes here)`);

  // The benchmarks time the CLI as users run it: from its bundle, which is stale after a source edit
  // (bin/roundtable.js would then fall back to TypeScript sources, ~1 s slower to start, ~200 MiB more).
  const bundle = await bundleCli();
  console.log(`CLI bundle rebuilt in ${bundle.elapsedMs} ms`);

  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-bench-run-'));
  const failed: string[] = [];
  try {
    for (const bench of selected) {
      console.log(`\n== ${bench.name} (about ${bench.expectedMinutes} min)`);
      try {
        const result = await runBenchmark(bench.name, tempDir);
        writeResult(result);
        const mark = result.pass ? 'pass' : 'MISS';
        console.log(
          `${bench.name}: ${result.subject.value} / ${result.baseline.value} ${result.baseline.unit} = ` +
            `${formatRatio(result.ratio, result.target)} (target ${formatTarget(result.target)}) ${mark}`,
        );
        for (const row of result.rows) {
          const target = row.target ? `  [target ${row.target}: ${row.pass ? 'pass' : 'MISS'}]` : '';
          console.log(`  ${row.label}: ${row.value}${target}`);
        }
      } catch (error) {
        failed.push(bench.name);
        console.error(`${bench.name} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  } finally {
    fs.rmSync(tempDir, { recursive: true, force: true });
  }

  const names = BENCHMARKS.map((b) => b.name);
  const latest = { machine: machineInfo(), results: readResults(names), ui: importUiPerf() };
  writeLatest(latest);
  const blocks: Record<string, string> = { summary: summaryBlock(latest, names), ui: uiBlock(latest.ui) };
  for (const name of names) blocks[name] = resultBlock(latest.results[name], name);
  const missing = updateDocs(blocks);
  if (missing.length > 0) console.error(`docs/benchmarks.md has no markers for: ${missing.join(', ')}`);
  console.log('\nwrote bench/results/*.json and the tables in docs/benchmarks.md');
  return failed.length > 0 ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
