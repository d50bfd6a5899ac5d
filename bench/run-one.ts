/**
 * Runs one benchmark in this (fresh) process and writes its outcome as JSON to a file: the runner starts
 * one such process per benchmark, so no benchmark inherits another's heap, threads or warm caches.
 *
 *   node bin/run-ts.js bench/run-one.ts <name> <outcome.json>
 */
import { findBenchmark } from './benchmarks';
import { writeJson } from './results-store';

const [name, outFile] = process.argv.slice(2);
const bench = name ? findBenchmark(name) : undefined;
if (!bench || !outFile) {
  console.error('usage: run-one.ts <benchmark> <outcome.json>');
  process.exitCode = 2;
} else {
  writeJson(outFile, await bench.run());
  // onnxruntime and tsx may keep handles open a moment longer; the outcome is written, so end here.
  process.exit(0);
}
