/** What every ONNX engine is constructed with. */
import type { EngineLog } from './engine-log';
import type { OnnxRuntime } from './onnx-runtime';
import type { Phonemizer } from './phonemizer';

export interface OnnxEngineOptions {
  /** The onnxruntime thread and model cache shared by the worker's ONNX engines. */
  runtime: OnnxRuntime;
  /** Text → IPA. Default: the bundled espeak-ng. */
  phonemizer?: Phonemizer;
  /** Debug notes (unknown phonemes, dropped symbols). Default: silent. */
  log?: EngineLog;
}

/** Counts as `"ɚ"×2, "ʔ"×1` for log lines. */
export function describeCounts(counts: ReadonlyMap<string, number>): string {
  return [...counts].map(([symbol, count]) => `${JSON.stringify(symbol)}×${count}`).join(', ');
}
