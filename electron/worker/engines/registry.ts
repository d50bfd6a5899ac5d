/** The engines this worker hosts, by id: the bundled espeak-ng, and Kokoro and Piper through ONNX Runtime. */
import type { Engine } from './engine';
import { EspeakEngine, espeakThreadCount } from './espeak/espeak-engine';
import type { EngineLog } from './onnx/engine-log';
import { createOnnxEngines } from './onnx/create-onnx-engines';
import type { ModelCache } from './onnx/model-cache';
import type { OnnxModel } from './onnx/onnx-runtime';

export interface WorkerEngines {
  engines: Map<string, Engine>;
  /** Loaded ONNX models, least recently used first out (the watchdog sets the budget). */
  onnxCache: ModelCache<OnnxModel>;
}

export function createEngines(log: EngineLog): WorkerEngines {
  const onnx = createOnnxEngines({ log });
  const engines: Engine[] = [new EspeakEngine(espeakThreads(log)), ...onnx.engines];
  return { engines: new Map(engines.map((engine) => [engine.id, engine])), onnxCache: onnx.cache };
}

/** The configured espeak thread count; a bad setting is reported and the default used (the worker starts). */
function espeakThreads(log: EngineLog): number {
  try {
    return espeakThreadCount(process.env);
  } catch (error) {
    const fallback = espeakThreadCount({});
    log('warn', `${error instanceof Error ? error.message : String(error)}; using ${fallback}`);
    return fallback;
  }
}
