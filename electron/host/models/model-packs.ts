/**
 * The models folder: one sub-folder per imported pack with its `manifest.json`. Imports recognise the
 * distributed layout, load the model once to confirm the engine's contract, copy the files with SHA-256
 * into a temp folder and rename it into place (a pack is either complete or absent); verification
 * re-hashes every file. Every failure is a {@link ModelPackError} naming the file and what to do.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ExecutionProvider, ModelSpec } from '../../../shared/protocol/worker-protocol';
import {
  KOKORO_VOCAB_FILE,
  KOKORO_VOICES_ARCHIVE,
  KOKORO_VOICE_PREFIX,
  MODEL_FILE,
  PIPER_CONFIG_FILE,
} from '../../worker/engines/onnx/model-files';
import { syncDir, writeFileAtomic } from '../files/atomic-write';
import { isDiskFullError, requireFreeSpace, writeFailure } from '../files/write-errors';
import { withLockRetry } from '../project/fs-retry';
import { copyWithHash, hashFile } from './file-hash';
import { checkInsideFolder } from './inside-folder';
import type { ModelInspector, ModelSignature } from './model-inspector';
import { ModelLoadError, childProcessInspector } from './model-inspector';
import type { PackProblem } from './model-pack-error';
import type { OnPackProgress } from './pack-progress';
import { PackProgressCounter } from './pack-progress';
import { ModelPackError, REIMPORT_HINT } from './model-pack-error';
import type { PackFile, PackManifest } from './pack-manifest';
import { MANIFEST_FILE, PackIdSchema, serializeManifest } from './pack-manifest';
import { contractMismatch, contractMismatchFor, graphProblems } from './pack-contracts';
import type { RecognisedPack, RecogniseOptions } from './pack-recognition';
import { recognisePack } from './pack-recognition';
import { pocketContractProblem } from './pocket-recognition';
import { chatterboxContractProblem } from './chatterbox-recognition';
import { exists, removeStaleFolders, replaceFolder } from './pack-folders';
import { readManifest } from './read-manifest';
import { manifestFor } from './pack-manifest-builder';

export interface ModelPacksOptions {
  /** The models folder (`dataPaths(resolveDataDir()).modelsDir` in the app). */
  modelsDir: string;
  /** Loads a model to read its signature. Default: in a short-lived child process. */
  inspector?: ModelInspector;
  now?: () => Date;
}

export interface ImportOptions extends RecogniseOptions {
  /** Pack id (folder name). Default: derived from the model's or the folder's name. */
  id?: string;
  /** Replace an installed pack with the same id. */
  replace?: boolean;
  onProgress?: OnPackProgress;
}

export interface InstalledPack {
  manifest: PackManifest;
  /** Absolute folder of the pack. */
  dir: string;
}

export interface ImportResult extends InstalledPack {
  notes: string[];
}

export interface PackListing {
  packs: InstalledPack[];
  /** Folders in the models folder that are not usable packs, with the reason. */
  broken: Array<{ dir: string; problem: PackProblem }>;
}

export interface VerifyOptions {
  /** Also load the model once and check its inputs against the engine (slower). */
  loadModel?: boolean;
  onProgress?: OnPackProgress;
}

export interface VerifyReport {
  id: string;
  files: number;
  bytes: number;
  elapsedMs: number;
}

const IMPORT_PREFIX = '.import-';
const TRASH_PREFIX = '.trash-';
/** Leftovers of imports that died are removed after this long (never those of a running import). */
const STALE_AFTER_MS = 60 * 60 * 1000;

export class ModelPacks {
  readonly modelsDir: string;
  private readonly inspector: ModelInspector;
  private readonly now: () => Date;

  constructor(options: ModelPacksOptions) {
    this.modelsDir = path.resolve(options.modelsDir);
    this.inspector = options.inspector ?? childProcessInspector();
    this.now = options.now ?? (() => new Date());
  }

  async importPack(srcDir: string, options: ImportOptions = {}): Promise<ImportResult> {
    const source = path.resolve(srcDir);
    const plan = await recognisePack(source, options);
    const id = this.checkId(options.id ?? plan.suggestedId);
    const finalDir = path.join(this.modelsDir, id);
    if (!options.replace && (await exists(finalDir))) {
      throw new ModelPackError(
        'pack-exists',
        `a model pack "${id}" is already installed`,
        'Pass --replace to replace it, or --id <new-id> to keep both.',
      );
    }
    let packBytes = 0;
    for (const file of plan.files) packBytes += (await fs.stat(file.source)).size;
    const progress = new PackProgressCounter(packBytes, options.onProgress);
    progress.checking();
    const signature = await this.inspect(plan.model.source, plan.model.source);
    const contractProblem = plan.graphs
      ? await pocketContractProblem(plan.graphs, (absolute, shown) => this.inspect(absolute, shown))
      : plan.chatterboxGraphs
        ? await chatterboxContractProblem(plan.chatterboxGraphs, (absolute, shown) =>
            this.inspect(absolute, shown),
          )
        : contractMismatch(plan, signature);
    if (contractProblem) {
      throw new ModelPackError(
        'model-mismatch',
        `${plan.model.path} is not a ${plan.engine} model: ${contractProblem}`,
        'Check that the folder holds the model the other files belong to.',
        plan.model.source,
      );
    }

    await this.checkGraphs(plan);

    await fs.mkdir(this.modelsDir, { recursive: true });
    await this.removeStaleLeftovers();
    // The pack is copied whole before it replaces anything: that much must be free first.
    await requireFreeSpace(finalDir, packBytes);
    const staging = path.join(this.modelsDir, `${IMPORT_PREFIX}${id}-${randomBytes(4).toString('hex')}`);
    try {
      await fs.mkdir(staging);
      const files: PackFile[] = [];
      for (const file of plan.files) {
        const target = path.join(staging, ...file.path.split('/'));
        await fs.mkdir(path.dirname(target), { recursive: true });
        progress.startFile(file.path);
        const hashed = await copyWithHash(file.source, target, progress.add);
        files.push({
          path: file.path,
          role: file.role,
          ...hashed,
          ...(file.voice ? { voice: file.voice } : {}),
          ...(file.key ? { key: file.key } : {}),
        });
      }
      const manifest = manifestFor(id, plan, files, signature, source, this.now());
      await fs.writeFile(path.join(staging, MANIFEST_FILE), serializeManifest(manifest));
      await syncDir(staging);
      await this.moveIntoPlace(staging, finalDir, id);
      return { manifest, dir: finalDir, notes: plan.notes };
    } catch (error) {
      // Node's ENOSPC names no file: say which pack and how large it is.
      if (isDiskFullError(error)) throw await writeFailure(error, finalDir, packBytes);
      throw error;
    } finally {
      await fs.rm(staging, { recursive: true, force: true }).catch(() => undefined);
    }
  }

  async listPacks(): Promise<PackListing> {
    const listing: PackListing = { packs: [], broken: [] };
    let entries: string[];
    try {
      entries = (await fs.readdir(this.modelsDir, { withFileTypes: true }))
        .filter((e) => e.isDirectory())
        .map((e) => e.name);
    } catch {
      return listing;
    }
    for (const name of entries.sort()) {
      if (name.startsWith('.')) continue;
      const dir = path.join(this.modelsDir, name);
      try {
        listing.packs.push({ manifest: await readManifest(dir, name), dir });
      } catch (error) {
        const problem: PackProblem =
          error instanceof ModelPackError
            ? { code: error.code, message: error.message, ...(error.file ? { file: error.file } : {}) }
            : { code: 'manifest-invalid', message: String(error) };
        listing.broken.push({ dir, problem });
      }
    }
    return listing;
  }

  async getPack(id: string): Promise<InstalledPack> {
    const dir = this.packDir(id);
    if (!(await exists(dir))) {
      throw new ModelPackError(
        'pack-not-found',
        `no model pack "${id}" is installed`,
        'List the installed packs with: roundtable models list',
      );
    }
    const manifest = await readManifest(dir, id);
    // An installed pack is loaded and verified only from files inside its own folder.
    await checkInsideFolder(
      dir,
      manifest.files.map((file) => file.path),
      (file, real) => `model pack "${id}": ${file} leads outside the pack folder (to ${real})`,
      REIMPORT_HINT,
    );
    return { manifest, dir };
  }

  /** Removes a pack: renamed away first (it disappears at once), then deleted. */
  async removePack(id: string): Promise<void> {
    const { dir } = await this.getPack(id).catch((error: unknown) => {
      // A pack with a broken manifest can still be removed.
      if (error instanceof ModelPackError && error.code !== 'pack-not-found')
        return { dir: this.packDir(id) };
      throw error;
    });
    const trash = path.join(this.modelsDir, `${TRASH_PREFIX}${id}-${randomBytes(4).toString('hex')}`);
    await withLockRetry(() => fs.rename(dir, trash));
    await fs.rm(trash, { recursive: true, force: true });
  }

  /**
   * Re-hashes every file of the pack against its manifest (and optionally loads the model). Resolves with
   * a report when all is well; otherwise throws a ModelPackError whose `problems` lists every finding.
   */
  async verifyPack(id: string, options: VerifyOptions = {}): Promise<VerifyReport> {
    const started = performance.now();
    const { manifest, dir } = await this.getPack(id);
    const problems: PackProblem[] = [];
    let bytes = 0;
    const total = manifest.files.reduce((sum, file) => sum + file.bytes, 0);
    const progress = new PackProgressCounter(total, options.onProgress);
    for (const file of manifest.files) {
      const absolute = path.join(dir, ...file.path.split('/'));
      const stat = await fs.stat(absolute).catch(() => undefined);
      if (!stat?.isFile()) {
        problems.push({ code: 'file-missing', file: file.path, message: `${file.path} is missing` });
        continue;
      }
      if (stat.size !== file.bytes) {
        problems.push({
          code: 'file-mismatch',
          file: file.path,
          message: `${file.path} has ${stat.size} bytes, the manifest says ${file.bytes}`,
        });
        continue;
      }
      progress.startFile(file.path);
      const hashed = await hashFile(absolute, progress.add);
      bytes += hashed.bytes;
      if (hashed.sha256 !== file.sha256) {
        problems.push({
          code: 'file-corrupt',
          file: file.path,
          message: `${file.path} is damaged (SHA-256 differs from the manifest)`,
        });
      }
    }
    if (options.loadModel && problems.length === 0) {
      const model = manifest.files.find((file) => file.role === 'model');
      if (model) {
        const absolute = path.join(dir, ...model.path.split('/'));
        try {
          const signature = await this.inspect(absolute, model.path);
          const mismatch = contractMismatchFor(manifest.engine, signature, manifest.voices.length);
          if (mismatch)
            problems.push({
              code: 'model-mismatch',
              file: model.path,
              message: `${model.path} is not a ${manifest.engine} model: ${mismatch}`,
            });
        } catch (error) {
          if (!(error instanceof ModelPackError)) throw error;
          problems.push(...error.problems);
        }
      }
      const graphs = manifest.files
        .filter((file) => manifest.engine === 'supertonic' && file.role === 'graph')
        .map((file) => ({ path: file.path, source: path.join(dir, ...file.path.split('/')) }));
      problems.push(...(await graphProblems(graphs, (file, shown) => this.inspect(file, shown))));
    }
    const first = problems[0];
    if (first) {
      const summary = problems.map((problem) => problem.message).join('; ');
      throw new ModelPackError(
        first.code,
        `model pack "${id}": ${summary}`,
        REIMPORT_HINT,
        first.file,
        problems,
      );
    }
    return { id, files: manifest.files.length, bytes, elapsedMs: Math.round(performance.now() - started) };
  }

  /** What the worker needs to load the pack: absolute paths under the keys the engines read. */
  toModelSpec(pack: InstalledPack, providers: ExecutionProvider[] = []): ModelSpec {
    const files: Record<string, string> = {};
    for (const file of pack.manifest.files) {
      const absolute = path.join(pack.dir, ...file.path.split('/'));
      if (file.key) files[file.key] = absolute;
      else if (file.role === 'model') files[MODEL_FILE] = absolute;
      else if (file.role === 'config') files[PIPER_CONFIG_FILE] = absolute;
      else if (file.role === 'vocab') files[KOKORO_VOCAB_FILE] = absolute;
      else if (file.role === 'voices-archive') files[KOKORO_VOICES_ARCHIVE] = absolute;
      else if (file.role === 'voice' && file.voice) files[`${KOKORO_VOICE_PREFIX}${file.voice}`] = absolute;
    }
    return {
      id: pack.manifest.id,
      engine: pack.manifest.engine,
      dir: pack.dir,
      files,
      sampleRate: pack.manifest.sampleRate,
      providers,
      // Encoded reference clips, beside the take cache (`<data dir>/cache/voices`).
      ...(pack.manifest.engine === 'pocket-tts' || pack.manifest.engine === 'chatterbox-turbo'
        ? { voiceCacheDir: path.join(path.dirname(this.modelsDir), 'cache', 'voices') }
        : {}),
    };
  }

  /** Records the memory a loaded pack was seen to take on this machine (admission control calibrates on it). */
  async recordObservedMemory(id: string, residentBytes: number, provider: string): Promise<PackManifest> {
    const { manifest, dir } = await this.getPack(id);
    const updated: PackManifest = {
      ...manifest,
      memory: {
        ...manifest.memory,
        observed: { residentBytes: Math.round(residentBytes), provider, at: this.now().toISOString() },
      },
    };
    await writeFileAtomic(path.join(dir, MANIFEST_FILE), serializeManifest(updated));
    return updated;
  }

  private packDir(id: string): string {
    return path.join(this.modelsDir, this.checkId(id));
  }

  private checkId(id: string): string {
    const parsed = PackIdSchema.safeParse(id);
    if (!parsed.success) {
      throw new ModelPackError(
        'not-a-pack',
        `"${id}" is not a valid pack id: ${parsed.error.issues[0]?.message}`,
        'Choose another id with --id.',
      );
    }
    return parsed.data;
  }

  /** The further graphs of a pack (Supertonic's), each loaded once and checked against its contract. */
  private async checkGraphs(plan: RecognisedPack): Promise<void> {
    if (plan.engine !== 'supertonic') return;
    const graphs = plan.files.filter((file) => file.role === 'graph');
    const [first] = await graphProblems(graphs, (file, shown) => this.inspect(file, shown));
    if (first) {
      throw new ModelPackError(
        first.code,
        first.message,
        'Check that the folder holds the graphs the other files belong to.',
        graphs.find((graph) => graph.path === first.file)?.source ?? first.file,
      );
    }
  }

  private async inspect(absolute: string, shown: string): Promise<ModelSignature> {
    try {
      return await this.inspector(absolute);
    } catch (error) {
      if (!(error instanceof ModelLoadError)) throw error;
      throw new ModelPackError(
        'model-unloadable',
        `onnxruntime cannot load ${path.basename(shown)}: ${error.message.split('\n')[0]}`,
        'The file is damaged or not an ONNX model: download it again.',
        shown,
      );
    }
  }

  private moveIntoPlace(staging: string, finalDir: string, id: string): Promise<void> {
    const trash = path.join(this.modelsDir, `${TRASH_PREFIX}${id}-${randomBytes(4).toString('hex')}`);
    return replaceFolder(staging, finalDir, trash, this.modelsDir);
  }

  private removeStaleLeftovers(): Promise<void> {
    return removeStaleFolders(this.modelsDir, [IMPORT_PREFIX, TRASH_PREFIX], STALE_AFTER_MS, this.now());
  }
}
