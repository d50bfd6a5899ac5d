/**
 * A loaded Supertonic pack: its four sessions (the vector estimator is the pack's `model`), `tts.json`,
 * the unicode indexer and the voice styles, kept in the shared model cache as one model.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { LoadResult, ModelSpec } from '../../../../shared/protocol/worker-protocol';
import { EngineError } from '../engine';
import {
  KOKORO_VOCAB_FILE,
  KOKORO_VOICE_PREFIX,
  PIPER_CONFIG_FILE,
  estimateResidentBytes,
  readPackFile,
  readPackText,
  requiredFile,
} from '../onnx/model-files';
import type { OnnxModel, OnnxRuntime } from '../onnx/onnx-runtime';
import type { OnnxSession } from '../onnx/onnx-session';
import { loadResultOf, openModelSession } from '../onnx/open-model-session';
import type { SupertonicConfig } from './supertonic-config';
import { parseSupertonicConfig } from './supertonic-config';
import type { SupertonicGraph } from './supertonic-contract';
import { SUPERTONIC_GRAPHS, readSupertonicContract, supertonicGraphKey } from './supertonic-contract';
import type { SupertonicIndexer } from './supertonic-text';
import { parseSupertonicIndexer } from './supertonic-text';
import type { SupertonicVoiceStyle } from './supertonic-voices';
import { SUPERTONIC_ENGINE_ID } from './supertonic-voice-info';
import { parseSupertonicVoice } from './supertonic-voices';

export type SupertonicSessions = Record<SupertonicGraph, { session: OnnxSession; output: string }>;

export class SupertonicModel implements OnnxModel {
  readonly engine = SUPERTONIC_ENGINE_ID;

  private constructor(
    readonly id: string,
    readonly bytes: number,
    readonly graphs: SupertonicSessions,
    readonly config: SupertonicConfig,
    readonly indexer: SupertonicIndexer,
    readonly voices: ReadonlyMap<string, SupertonicVoiceStyle>,
    readonly loadResult: LoadResult,
  ) {}

  /** The vector estimator's session: where the model runs (what the shared ONNX engine code reports). */
  get session(): OnnxSession {
    return this.graphs.vector_estimator.session;
  }

  get contract(): { output: string } {
    return this.graphs.vector_estimator;
  }

  static async load(spec: ModelSpec, runtime: OnnxRuntime): Promise<SupertonicModel> {
    const started = performance.now();
    const config = await readPackText(spec, PIPER_CONFIG_FILE, 'tts.json', parseSupertonicConfig);
    const indexer = await readPackText(
      spec,
      KOKORO_VOCAB_FILE,
      'unicode_indexer.json',
      parseSupertonicIndexer,
    );
    const voices = await readSupertonicVoices(spec);
    const opened: Partial<SupertonicSessions> = {};
    let graphBytes = 0;
    try {
      for (const graph of SUPERTONIC_GRAPHS) {
        const file = requiredFile(spec.files, supertonicGraphKey(graph), `${graph}.onnx`, spec.id);
        graphBytes += (await fs.stat(file)).size;
        const { session, contract } = await openModelSession(
          runtime,
          spec,
          file,
          `Supertonic's ${graph}`,
          (s) => readSupertonicContract(graph, s.inputs, s.outputs),
        );
        opened[graph] = { session, output: contract.output };
      }
    } catch (error) {
      for (const entry of Object.values(opened)) await entry.session.release();
      throw error;
    }
    const graphs = opened as SupertonicSessions;
    return new SupertonicModel(
      spec.id,
      estimateResidentBytes(graphBytes),
      graphs,
      config,
      indexer,
      voices,
      loadResultOf(spec, graphs.vector_estimator.session, started),
    );
  }

  isAlive(): boolean {
    return SUPERTONIC_GRAPHS.every((graph) => this.graphs[graph].session.alive);
  }

  async release(): Promise<void> {
    for (const graph of SUPERTONIC_GRAPHS) await this.graphs[graph].session.release();
  }
}

/** Every `voice:<style>` file of the pack, parsed. */
export async function readSupertonicVoices(spec: ModelSpec): Promise<Map<string, SupertonicVoiceStyle>> {
  const voices = new Map<string, SupertonicVoiceStyle>();
  for (const [key, file] of Object.entries(spec.files)) {
    if (!key.startsWith(KOKORO_VOICE_PREFIX)) continue;
    const id = key.slice(KOKORO_VOICE_PREFIX.length);
    try {
      voices.set(
        id,
        parseSupertonicVoice(id, (await readPackFile(file, spec.id)).toString('utf8'), path.basename(file)),
      );
    } catch (error) {
      if (error instanceof EngineError) throw error;
      throw new EngineError(
        'model-invalid',
        `Supertonic pack "${spec.id}": ${(error as Error).message}; re-import the pack`,
      );
    }
  }
  if (voices.size === 0)
    throw new EngineError(
      'model-missing',
      `Supertonic pack "${spec.id}" lists no voice styles; re-import the pack`,
    );
  return voices;
}
