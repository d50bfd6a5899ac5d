/**
 * `bundle.json` of Pocket TTS's per-language ONNX bundles (KevinAHM/pocket-tts-onnx `onnx/<language>_<date>/`):
 * the state manifests (input name, dtype, shape, initial fill per state tensor) and the text flags. Only the
 * fields this engine uses are read; the file is optional (the first release has none).
 */
import * as z from 'zod';
import type { StateEntrySpec } from '../onnx/ort-thread-protocol';

const StateSpecSchema = z.object({
  input_name: z.string().min(1),
  dtype: z.enum(['float32', 'int64', 'int32', 'bool']),
  shape: z.array(z.number().int().nonnegative()),
  fill: z.enum(['zeros', 'ones', 'nan', 'empty']).default('zeros'),
});

export const PocketBundleSchema = z
  .object({
    sample_rate: z.number().int().positive().optional(),
    insert_bos_before_voice: z.boolean().optional(),
    pad_with_spaces_for_short_inputs: z.boolean().optional(),
    remove_semicolons: z.boolean().optional(),
    model_recommended_frames_after_eos: z.number().int().nonnegative().nullable().optional(),
    flow_lm_state_manifest: z.array(StateSpecSchema).optional(),
    mimi_state_manifest: z.array(StateSpecSchema).optional(),
  })
  .passthrough();
export type PocketBundle = z.infer<typeof PocketBundleSchema>;

export function parsePocketBundle(text: string, fileName: string): PocketBundle {
  const parsed = PocketBundleSchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${fileName}: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
  }
  return parsed.data;
}

/** The state a graph starts from: the bundle's manifest where it has one, else what the graph declares. */
export function initialState(
  manifest: z.infer<typeof StateSpecSchema>[] | undefined,
  declared: StateEntrySpec[],
): StateEntrySpec[] {
  if (!manifest) return declared;
  return manifest.map((entry) => ({
    name: entry.input_name,
    type: entry.dtype,
    dims: entry.shape,
    fill: entry.fill === 'empty' ? 'zeros' : entry.fill,
  }));
}

/** Bytes a state takes on the thread. */
export function stateBytes(entries: readonly StateEntrySpec[]): number {
  const width = { float32: 4, int64: 8, int32: 4, bool: 1 } as const;
  return entries.reduce((sum, entry) => sum + entry.dims.reduce((a, b) => a * b, 1) * width[entry.type], 0);
}
