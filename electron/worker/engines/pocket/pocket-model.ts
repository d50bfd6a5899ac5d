/**
 * A loaded Pocket TTS pack: its five sessions on the onnxruntime thread, checked against the published
 * contract (pocket-contract.ts), the SentencePiece tokenizer, the bundle's flags and state manifests, and
 * the voices' prompted states kept on the thread (one per voice or clip, copied for every chunk).
 */
import fs from 'node:fs/promises';
import type { LoadResult, ModelSpec } from '../../../../shared/protocol/worker-protocol';
import { EngineError } from '../engine';
import { parseNpy } from '../kokoro/npy-array';
import { estimateResidentBytes, readPackFile, readPackText, requiredFile } from '../onnx/model-files';
import type { OnnxModel, OnnxRuntime } from '../onnx/onnx-runtime';
import type { OnnxSession } from '../onnx/onnx-session';
import { loadResultOf } from '../onnx/open-model-session';
import type { StateEntrySpec } from '../onnx/ort-thread-protocol';
import type { PocketBundle } from './pocket-bundle';
import { initialState, parsePocketBundle, stateBytes } from './pocket-bundle';
import type { PocketContract, PocketGraph } from './pocket-contract';
import { POCKET_GRAPHS, readPocketContract } from './pocket-contract';
import { SentencePieceTokenizer } from './sentencepiece';

export const POCKET_ENGINE_ID = 'pocket-tts';
/** `ModelSpec.files` keys besides the graphs. */
export const POCKET_TOKENIZER_FILE = 'tokenizer';
export const POCKET_BUNDLE_FILE = 'bundle';
export const POCKET_BOS_FILE = 'bos_before_voice';
export const POCKET_VOICE_PREFIX = 'voice:';

export class PocketModel implements OnnxModel {
  readonly engine = POCKET_ENGINE_ID;
  /** The prompted state of each voice (model-wide key → resident state id on the thread). */
  private readonly voiceStates = new Map<string, number>();

  private constructor(
    readonly id: string,
    readonly bytes: number,
    readonly sessions: Record<PocketGraph, OnnxSession>,
    readonly contract: PocketContract & { output: string },
    readonly tokenizer: SentencePieceTokenizer,
    readonly bundle: PocketBundle,
    readonly bos: Float32Array | undefined,
    readonly mainState: StateEntrySpec[],
    readonly decoderState: StateEntrySpec[],
    readonly loadResult: LoadResult,
  ) {}

  /** The session the engine's shared code reports (provider, liveness): the autoregressive backbone. */
  get session(): OnnxSession {
    return this.sessions.flow_lm_main;
  }

  static async load(spec: ModelSpec, runtime: OnnxRuntime): Promise<PocketModel> {
    const started = performance.now();
    const tokenizerPath = requiredFile(
      spec.files,
      POCKET_TOKENIZER_FILE,
      'tokenizer (tokenizer.model)',
      spec.id,
    );
    let tokenizer: SentencePieceTokenizer;
    try {
      tokenizer = SentencePieceTokenizer.fromModel(await readPackFile(tokenizerPath, spec.id));
    } catch (error) {
      if (error instanceof EngineError) throw error;
      throw new EngineError(
        'model-invalid',
        `tokenizer.model of "${spec.id}": ${(error as Error).message}; re-import the pack`,
      );
    }
    const bundle: PocketBundle = spec.files[POCKET_BUNDLE_FILE]
      ? await readPackText(spec, POCKET_BUNDLE_FILE, 'bundle.json', parsePocketBundle)
      : {};
    const bos = spec.files[POCKET_BOS_FILE] ? await readBos(spec, spec.files[POCKET_BOS_FILE]) : undefined;
    const sessions: Partial<Record<PocketGraph, OnnxSession>> = {};
    let graphBytes = 0;
    try {
      for (const graph of POCKET_GRAPHS) {
        const file = requiredFile(spec.files, graph, `${graph} graph`, spec.id);
        sessions[graph] = await runtime.openSession(file, spec.providers);
        graphBytes += (await fs.stat(file)).size;
      }
      const opened = sessions as Record<PocketGraph, OnnxSession>;
      const contract = readPocketContract(opened);
      if (typeof contract === 'string') {
        throw new EngineError('model-invalid', `"${spec.id}" is not a Pocket TTS export: ${contract}`);
      }
      const mainState = initialState(bundle.flow_lm_state_manifest, contract.main.declared);
      const decoderState = initialState(bundle.mimi_state_manifest, contract.decoder.declared);
      // Per chunk: the voice's prompted cache, a working copy, and the decoder's state.
      const residentState = stateBytes(mainState) * 2 + stateBytes(decoderState);
      const bytes = estimateResidentBytes(graphBytes, residentState);
      return new PocketModel(
        spec.id,
        bytes,
        opened,
        { ...contract, output: contract.decoder.audio },
        tokenizer,
        bundle,
        bos,
        mainState,
        decoderState,
        loadResultOf(spec, opened.flow_lm_main, started),
      );
    } catch (error) {
      await Promise.all(Object.values(sessions).map((session) => session.release()));
      throw error;
    }
  }

  isAlive(): boolean {
    return POCKET_GRAPHS.every((graph) => this.sessions[graph].alive);
  }

  voiceState(key: string): number | undefined {
    return this.voiceStates.get(key);
  }

  rememberVoiceState(key: string, stateId: number): void {
    this.voiceStates.set(key, stateId);
  }

  async release(): Promise<void> {
    const { thread, generation } = this.session.home;
    const states = [...this.voiceStates.values()];
    this.voiceStates.clear();
    await Promise.all(states.map((stateId) => thread.releaseState(generation, stateId)));
    await Promise.all(POCKET_GRAPHS.map((graph) => this.sessions[graph].release()));
  }
}

async function readBos(spec: ModelSpec, file: string): Promise<Float32Array> {
  try {
    return parseNpy(await readPackFile(file, spec.id)).data;
  } catch (error) {
    if (error instanceof EngineError) throw error;
    throw new EngineError(
      'model-invalid',
      `bos_before_voice.npy of "${spec.id}": ${(error as Error).message}; re-import the pack`,
    );
  }
}
