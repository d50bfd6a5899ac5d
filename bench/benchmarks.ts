/**
 * The benchmarks `npm run bench` knows, in the order the default run takes them, with the sizes the issues
 * ask for: about 16–18 minutes in all on a busy 2-core machine (6 of them `npm test` itself, in test-suite).
 */
import type { BenchOutcome } from './bench-result';
import { benchEstimates } from './estimates.bench';
import { benchExportMemory } from './export-memory.bench';
import { benchMp3Encoder, benchMp3Export } from './mp3.bench';
import { benchOnnx } from './onnx.bench';
import { benchChatterbox } from './chatterbox.bench';
import { benchPocket } from './pocket.bench';
import { benchPipelineOverhead, benchRenderMemory } from './pipeline.bench';
import { benchWatchdogOutcome } from './watchdog.bench';
import { benchSpeechServer } from './speech-server.bench';
import { benchUiFrames } from './ui-frames.bench';
import { benchTestSuite } from './test-suite.bench';

export interface BenchDefinition {
  name: string;
  /** Rough wall time of the default run here, for the plan the runner prints. */
  expectedMinutes: number;
  run(): Promise<BenchOutcome>;
}

export const BENCHMARKS: readonly BenchDefinition[] = [
  { name: 'pipeline', expectedMinutes: 3, run: () => benchPipelineOverhead(10) },
  { name: 'render-memory', expectedMinutes: 3.5, run: () => benchRenderMemory(5, 60) },
  {
    name: 'export-memory',
    expectedMinutes: 4.5,
    run: () => benchExportMemory({ shortMinutes: 5, longMinutes: 90 }),
  },
  { name: 'estimates', expectedMinutes: 3, run: () => benchEstimates(10, 90) },
  { name: 'mp3-encoder', expectedMinutes: 1.5, run: () => benchMp3Encoder(10) },
  { name: 'mp3-export', expectedMinutes: 3, run: () => benchMp3Export(5, 90) },
  { name: 'onnx', expectedMinutes: 0.5, run: () => benchOnnx() },
  { name: 'pocket', expectedMinutes: 3, run: () => benchPocket() },
  { name: 'chatterbox', expectedMinutes: 3, run: () => benchChatterbox() },
  { name: 'watchdog', expectedMinutes: 1, run: () => benchWatchdogOutcome() },
  { name: 'speech-server', expectedMinutes: 1, run: () => benchSpeechServer() },
  { name: 'ui-frames', expectedMinutes: 2, run: () => benchUiFrames() },
  { name: 'test-suite', expectedMinutes: 6, run: () => benchTestSuite() },
];

export function findBenchmark(name: string): BenchDefinition | undefined {
  return BENCHMARKS.find((bench) => bench.name === name);
}
