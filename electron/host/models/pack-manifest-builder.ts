/** A pack's manifest from what its import recognised, copied and loaded (model-packs.ts writes it). */
import { estimateResidentBytes } from '../../worker/engines/onnx/model-files';
import { CHATTERBOX_STATE_BYTES } from '../../worker/engines/chatterbox/chatterbox-contract';
import { POCKET_STATE_BYTES } from '../../worker/engines/pocket/pocket-contract';
import type { ModelSignature } from './model-inspector';
import type { PackFile, PackManifest } from './pack-manifest';
import { MANIFEST_SCHEMA_VERSION } from './pack-manifest';
import type { RecognisedPack } from './pack-recognition';

export function manifestFor(
  id: string,
  plan: RecognisedPack,
  files: PackFile[],
  signature: ModelSignature,
  source: string,
  now: Date,
): PackManifest {
  const modelBytes = files
    .filter((file) => file.role === 'model' || file.role === 'graph' || file.role === 'weights')
    .reduce((sum, file) => sum + file.bytes, 0);
  const sideBytes = files
    .filter((file) => file.role === 'voice' || file.role === 'voices-archive')
    .reduce((sum, file) => sum + file.bytes, 0);
  return {
    schemaVersion: MANIFEST_SCHEMA_VERSION,
    id,
    engine: plan.engine,
    label: plan.label,
    files,
    sampleRate: plan.sampleRate,
    voices: plan.voices,
    license: plan.license,
    memory: {
      estimateBytes: estimateResidentBytes(
        modelBytes,
        sideBytes +
          (plan.engine === 'pocket-tts' ? POCKET_STATE_BYTES : 0) +
          (plan.engine === 'chatterbox-turbo' ? CHATTERBOX_STATE_BYTES : 0),
      ),
    },
    inputs: signature.inputs.map((input) => input.name),
    importedFrom: source,
    importedAt: now.toISOString(),
  };
}
