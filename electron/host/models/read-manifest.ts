/** Reading a pack's manifest.json: every way it can be missing, damaged, foreign or too new is a ModelPackError. */
import fs from 'node:fs/promises';
import path from 'node:path';
import { ModelPackError, REIMPORT_HINT } from './model-pack-error';
import type { PackManifest } from './pack-manifest';
import { MANIFEST_FILE, MANIFEST_SCHEMA_VERSION, PackManifestSchema } from './pack-manifest';

export async function readManifest(dir: string, id: string): Promise<PackManifest> {
  const file = path.join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    throw new ModelPackError(
      'file-missing',
      `model pack "${id}" has no ${MANIFEST_FILE}`,
      REIMPORT_HINT,
      MANIFEST_FILE,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ModelPackError(
      'manifest-invalid',
      `${MANIFEST_FILE} of "${id}" is not valid JSON: ${(error as Error).message}`,
      REIMPORT_HINT,
      MANIFEST_FILE,
    );
  }
  const version = (json as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version === 'number' && version > MANIFEST_SCHEMA_VERSION) {
    throw new ModelPackError(
      'manifest-invalid',
      `model pack "${id}" was written by a newer Roundtable Studio (manifest version ${version})`,
      'Update Roundtable Studio to use it.',
      MANIFEST_FILE,
    );
  }
  const parsed = PackManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ModelPackError(
      'manifest-invalid',
      `${MANIFEST_FILE} of "${id}" is invalid: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
      REIMPORT_HINT,
      MANIFEST_FILE,
    );
  }
  if (parsed.data.id !== id) {
    throw new ModelPackError(
      'manifest-invalid',
      `${MANIFEST_FILE} in folder "${id}" describes pack "${parsed.data.id}"`,
      REIMPORT_HINT,
      MANIFEST_FILE,
    );
  }
  return parsed.data;
}
