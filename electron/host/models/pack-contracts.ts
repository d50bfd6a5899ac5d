/**
 * Whether an .onnx file has the contract of the engine its pack is for (input and output names and types),
 * as the engines read them at load time: checked at import (and by verify) so a wrong file fails early.
 */
import path from 'node:path';
import { readLanguageModelContract } from '../../worker/engines/chatterbox/chatterbox-contract';
import { readKittenContract } from '../../worker/engines/kitten/kitten-contract';
import { readKokoroContract } from '../../worker/engines/kokoro/kokoro-contract';
import { readPiperContract } from '../../worker/engines/piper/piper-contract';
import { readPocketMainContract } from '../../worker/engines/pocket/pocket-contract';
import {
  SUPERTONIC_GRAPHS,
  readSupertonicContract,
} from '../../worker/engines/supertonic/supertonic-contract';
import type { ModelSignature } from './model-inspector';
import { ModelPackError } from './model-pack-error';
import type { PackProblem } from './model-pack-error';
import type { PackManifest } from './pack-manifest';
import type { RecognisedPack } from './pack-recognition';

export function contractMismatch(plan: RecognisedPack, signature: ModelSignature): string | undefined {
  return contractMismatchFor(plan.engine, signature, plan.piperConfig?.num_speakers ?? plan.voices.length);
}

export function contractMismatchFor(
  engine: PackManifest['engine'],
  signature: ModelSignature,
  speakers: number,
): string | undefined {
  const result =
    engine === 'kokoro'
      ? readKokoroContract(signature.inputs, signature.outputs)
      : engine === 'pocket-tts'
        ? readPocketMainContract(signature)
        : engine === 'chatterbox-turbo'
          ? readLanguageModelContract(signature)
          : engine === 'kitten'
            ? readKittenContract(signature.inputs, signature.outputs)
            : engine === 'supertonic'
              ? readSupertonicContract('vector_estimator', signature.inputs, signature.outputs)
              : readPiperContract(signature.inputs, signature.outputs, speakers);
  return typeof result === 'string' ? result : undefined;
}

/** A Supertonic graph other than the vector estimator, checked against its contract by its file name. */
function graphMismatch(file: string, signature: ModelSignature): string | undefined {
  const graph = SUPERTONIC_GRAPHS.find((name) => path.basename(file, '.onnx') === name);
  if (!graph) return 'is not one of the Supertonic graphs';
  const result = readSupertonicContract(graph, signature.inputs, signature.outputs);
  return typeof result === 'string' ? `is not Supertonic's ${graph}: ${result}` : undefined;
}

/**
 * What is wrong with a pack's further graphs (Supertonic's), each loaded once with `inspect` and checked
 * against the contract its file name says: one problem (naming `path`) per graph that does not load or
 * does not fit.
 */
export async function graphProblems(
  graphs: ReadonlyArray<{ path: string; source: string }>,
  inspect: (file: string, shown: string) => Promise<ModelSignature>,
): Promise<PackProblem[]> {
  const problems: PackProblem[] = [];
  for (const graph of graphs) {
    try {
      const mismatch = graphMismatch(graph.path, await inspect(graph.source, graph.path));
      if (mismatch)
        problems.push({ code: 'model-mismatch', file: graph.path, message: `${graph.path} ${mismatch}` });
    } catch (error) {
      if (!(error instanceof ModelPackError)) throw error;
      problems.push(...error.problems);
    }
  }
  return problems;
}
