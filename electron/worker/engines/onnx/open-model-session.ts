/** Opening a pack's .onnx graph for an engine: the session, checked against the engine's contract. */
import path from 'node:path';
import type { LoadResult, ModelSpec } from '../../../../shared/protocol/worker-protocol';
import { EngineError } from '../engine';
import type { OnnxRuntime } from './onnx-runtime';
import type { OnnxSession } from './onnx-session';

/**
 * Opens `modelPath` on the pack's providers and reads the engine's contract from the session's inputs
 * and outputs. A graph that does not fit (`readContract` gives the reason as a string) is released and
 * reported as `model-invalid`: "<file> is not <what>: <reason>".
 */
export async function openModelSession<C>(
  runtime: OnnxRuntime,
  spec: ModelSpec,
  modelPath: string,
  what: string,
  readContract: (session: OnnxSession) => C | string,
): Promise<{ session: OnnxSession; contract: C }> {
  const session = await runtime.openSession(modelPath, spec.providers);
  const contract = readContract(session);
  if (typeof contract === 'string') {
    await session.release();
    throw new EngineError('model-invalid', `${path.basename(modelPath)} is not ${what}: ${contract}`);
  }
  return { session, contract };
}

/** What a load reports: the provider the session runs on (and why an earlier one was skipped), and the time. */
export function loadResultOf(spec: ModelSpec, session: OnnxSession, startedMs: number): LoadResult {
  return {
    modelId: spec.id,
    provider: session.provider,
    loadMs: Math.round(performance.now() - startedMs),
    ...(session.fallbackReason ? { fallbackReason: session.fallbackReason } : {}),
  };
}
