/** Reads an .onnx file's input/output metadata with onnxruntime in this process (CPU, no optimisation). */
import { InferenceSession } from 'onnxruntime-node';
import type { ValueInfo } from '../../worker/engines/onnx/tensor-payload';
import type { InspectReply } from './model-inspector';

function describe(metadata: readonly InferenceSession.ValueMetadata[]): ValueInfo[] {
  return metadata.map((value) =>
    value.isTensor
      ? { name: value.name, type: value.type, shape: [...value.shape] }
      : { name: value.name, type: 'non-tensor', shape: [] },
  );
}

export async function readModelSignature(onnxPath: string): Promise<InspectReply> {
  try {
    const session = await InferenceSession.create(onnxPath, {
      executionProviders: ['cpu'],
      graphOptimizationLevel: 'disabled',
      enableCpuMemArena: false,
      logSeverityLevel: 4,
    });
    const signature = { inputs: describe(session.inputMetadata), outputs: describe(session.outputMetadata) };
    await session.release();
    return { ok: true, signature };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}
