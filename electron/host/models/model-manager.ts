/**
 * The studio's model manager (StudioApi listModelPacks, importModelPack, verifyModelPack, removeModelPack)
 * on top of {@link ModelPacks}: the same imports, checks and messages as `roundtable models`, with the
 * hashing's progress reported per operation and each pack's last verification in this host remembered.
 */
import path from 'node:path';
import type {
  ModelPackListing,
  ModelPackProgress,
  ModelPackView,
  PackVerification,
} from '../../../shared/api/models-api';
import { HostError } from '../host-error';
import { ModelPackError } from './model-pack-error';
import type { InstalledPack, ModelPacks } from './model-packs';

export interface ModelManagerOptions {
  packs: ModelPacks;
  /** Progress of an import's copy and a verify's re-hash. */
  onProgress: (progress: ModelPackProgress) => void;
  /** Called after a pack was imported or removed: the voice catalog lists it (or no longer does). */
  onChanged?: () => Promise<void> | void;
  now?: () => number;
}

export interface ImportRequest {
  folder: string;
  id?: string | undefined;
  license?: string | undefined;
  replace: boolean;
  operationId: string;
}

export class ModelManager {
  private readonly verifications = new Map<string, PackVerification>();
  private readonly now: () => number;

  constructor(private readonly options: ModelManagerOptions) {
    this.now = options.now ?? Date.now;
  }

  async list(): Promise<ModelPackListing> {
    const listing = await this.options.packs.listPacks();
    return {
      modelsDir: this.options.packs.modelsDir,
      packs: listing.packs.map((pack) => this.view(pack)),
      broken: listing.broken.map(({ dir, problem }) => ({
        id: path.basename(dir),
        message: problem.message,
      })),
    };
  }

  async importPack(request: ImportRequest): Promise<{ pack: ModelPackView; notes: string[] }> {
    // A relative path would resolve against wherever the host runs, not what the user sees.
    if (!path.isAbsolute(request.folder)) {
      throw new HostError(
        'not-absolute',
        `"${request.folder}" is not a full path`,
        'Give the folder as a full path, e.g. /home/me/Downloads/Kokoro-82M-v1.0-ONNX.',
      );
    }
    const result = await this.options.packs.importPack(request.folder, {
      ...(request.id?.trim() ? { id: request.id.trim() } : {}),
      ...(request.license?.trim() ? { license: request.license.trim() } : {}),
      replace: request.replace,
      onProgress: (progress) =>
        this.options.onProgress({ operationId: request.operationId, kind: 'import', ...progress }),
    });
    this.verifications.delete(result.manifest.id);
    await this.options.onChanged?.();
    return { pack: this.view(result), notes: result.notes };
  }

  /** Re-hashes the pack; a damaged pack is a `failed` verification, not an error. */
  async verify(id: string, loadModel: boolean, operationId: string): Promise<ModelPackView> {
    const pack = await this.options.packs.getPack(id);
    try {
      const report = await this.options.packs.verifyPack(id, {
        loadModel,
        onProgress: (progress) => this.options.onProgress({ operationId, kind: 'verify', ...progress }),
      });
      this.verifications.set(id, { state: 'verified', atMs: this.now(), files: report.files });
    } catch (error) {
      if (!(error instanceof ModelPackError) || error.code === 'pack-not-found') throw error;
      this.verifications.set(id, {
        state: 'failed',
        atMs: this.now(),
        problems: error.problems.map((problem) => problem.message),
        ...(error.hint ? { hint: error.hint } : {}),
      });
    }
    return this.view(pack);
  }

  async remove(id: string): Promise<void> {
    await this.options.packs.removePack(id);
    this.verifications.delete(id);
    await this.options.onChanged?.();
  }

  private view({ manifest }: InstalledPack): ModelPackView {
    const imported = manifest.importedAt ? Date.parse(manifest.importedAt) : Number.NaN;
    return {
      id: manifest.id,
      engine: manifest.engine,
      label: manifest.label,
      voices: manifest.voices.map((voice) => ({
        id: voice.id,
        label: voice.label,
        language: voice.language,
        ...(voice.gender ? { gender: voice.gender } : {}),
      })),
      languages: [...new Set(manifest.voices.map((voice) => voice.language))],
      bytes: manifest.files.reduce((sum, file) => sum + file.bytes, 0),
      files: manifest.files.length,
      sampleRate: manifest.sampleRate,
      license: manifest.license,
      ...(manifest.importedFrom ? { importedFrom: manifest.importedFrom } : {}),
      verification: this.verifications.get(manifest.id) ?? {
        state: 'imported',
        ...(Number.isFinite(imported) ? { atMs: imported } : {}),
      },
    };
  }
}
