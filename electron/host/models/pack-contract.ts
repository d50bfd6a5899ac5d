/** Whether a model's inputs and outputs are the contract its engine expects (a sentence saying why not). */
import { readKokoroContract } from '../../worker/engines/kokoro/kokoro-contract';
import { readPiperContract } from '../../worker/engines/piper/piper-contract';
import { readPocketMainContract } from '../../worker/engines/pocket/pocket-contract';
import type { ModelSignature } from './model-inspector';
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
        : readPiperContract(signature.inputs, signature.outputs, speakers);
  return typeof result === 'string' ? result : undefined;
}
