/**
 * A loaded Chatterbox Turbo pack: its four sessions on the onnxruntime thread, checked against the
 * published contract (chatterbox-contract.ts), and its BPE tokenizer.
 */
import fs from 'node:fs/promises';
import type { LoadResult, ModelSpec } from '../../../../shared/protocol/worker-protocol';
import { EngineError } from '../engine';
import { estimateResidentBytes, readPackText, requiredFile } from '../onnx/model-files';
import type { OnnxModel, OnnxRuntime } from '../onnx/onnx-runtime';
import type { OnnxSession } from '../onnx/onnx-session';
import { loadResultOf } from '../onnx/open-model-session';
import { BpeTokenizer } from './bpe-tokenizer';
import type { ChatterboxContract, ChatterboxGraph } from './chatterbox-contract';
import { CHATTERBOX_GRAPHS, CHATTERBOX_STATE_BYTES, readChatterboxContract } from './chatterbox-contract';

export const CHATTERBOX_ENGINE_ID = 'chatterbox-turbo';
/** `ModelSpec.files` key of `tokenizer.json` (the graphs are under their own names). */
export const CHATTERBOX_TOKENIZER_FILE = 'tokenizer';

export class ChatterboxModel implements OnnxModel {
  readonly engine = CHATTERBOX_ENGINE_ID;

  private constructor(
    readonly id: string,
    readonly bytes: number,
    readonly sessions: Record<ChatterboxGraph, OnnxSession>,
    readonly contract: ChatterboxContract,
    readonly tokenizer: BpeTokenizer,
    readonly loadResult: LoadResult,
  ) {}

  /** The session the engine's shared code reports (provider, liveness): the autoregressive backbone. */
  get session(): OnnxSession {
    return this.sessions.language_model;
  }

  static async load(spec: ModelSpec, runtime: OnnxRuntime): Promise<ChatterboxModel> {
    const started = performance.now();
    const tokenizer = await readPackText(
      spec,
      CHATTERBOX_TOKENIZER_FILE,
      'tokenizer (tokenizer.json)',
      (text) => BpeTokenizer.fromJson(text),
    );
    const sessions: Partial<Record<ChatterboxGraph, OnnxSession>> = {};
    let graphBytes = 0;
    try {
      for (const graph of CHATTERBOX_GRAPHS) {
        const file = requiredFile(spec.files, graph, `${graph} graph`, spec.id);
        sessions[graph] = await runtime.openSession(file, spec.providers);
        graphBytes += await fileBytes(file);
        graphBytes += await fileBytes(`${file}_data`);
      }
      const opened = sessions as Record<ChatterboxGraph, OnnxSession>;
      const contract = readChatterboxContract(opened);
      if (typeof contract === 'string')
        throw new EngineError('model-invalid', `"${spec.id}" is not a Chatterbox Turbo export: ${contract}`);
      return new ChatterboxModel(
        spec.id,
        estimateResidentBytes(graphBytes, CHATTERBOX_STATE_BYTES),
        opened,
        contract,
        tokenizer,
        loadResultOf(spec, opened.language_model, started),
      );
    } catch (error) {
      await Promise.all(Object.values(sessions).map((session) => session.release()));
      throw error;
    }
  }

  isAlive(): boolean {
    return CHATTERBOX_GRAPHS.every((graph) => this.sessions[graph].alive);
  }

  async release(): Promise<void> {
    await Promise.all(CHATTERBOX_GRAPHS.map((graph) => this.sessions[graph].release()));
  }
}

/** A file's size, 0 when it is not there (a graph without external weights has no `.onnx_data`). */
export async function fileBytes(file: string): Promise<number> {
  return fs.stat(file).then(
    (stat) => stat.size,
    () => 0,
  );
}
