/**
 * A model inspector that loads the model in this process: for tests, benchmarks and one-shot CLI runs,
 * where a crash would only end that run. The host uses {@link childProcessInspector}.
 */
import type { ModelInspector } from './model-inspector';
import { ModelLoadError } from './model-inspector';
import { readModelSignature } from './onnx-signature';

export const inProcessInspector: ModelInspector = async (onnxPath) => {
  const reply = await readModelSignature(onnxPath);
  if (!reply.ok) throw new ModelLoadError(reply.message);
  return reply.signature;
};
