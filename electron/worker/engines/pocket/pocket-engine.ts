/**
 * Pocket TTS (Kyutai, ~100M parameters, 24 kHz, weights CC-BY-4.0) through its published ONNX export
 * (pocket-contract.ts): voices cloned from a reference clip (`SynthesizeRequest.reference`) or from a
 * pack's own sample, text in SentencePiece tokens, and the autoregressive loop of pocket-loop.ts on the
 * onnxruntime thread. A request's text is split at clause ends into chunks of at most
 * {@link POCKET_MAX_CHUNK_TOKENS} tokens (the model's limit); each chunk starts from the voice's prompted
 * state. Deterministic: a chunk's noise comes from the speaker's seed, or one derived from model, voice
 * and text.
 */
import type {
  EngineDescription,
  ModelSpec,
  SynthesizeRequest,
} from '../../../../shared/protocol/worker-protocol';
import type { VoiceInfo } from '../../../../shared/model/voice';
import { EngineError } from '../engine';
import { splitClauses } from '../onnx/clauses';
import { OnnxEngine } from '../onnx/onnx-engine';
import type { OnnxEngineOptions } from '../onnx/onnx-engine-options';
import { POCKET_DEFAULTS, POCKET_GRAPHS, POCKET_SAMPLE_RATE, POCKET_STATE_BYTES } from './pocket-contract';
import { generateChunk } from './pocket-loop';
import { POCKET_ENGINE_ID, POCKET_VOICE_PREFIX, PocketModel } from './pocket-model';
import { framesAfterEos, maxPocketFrames, pocketSeed, preparePocketText } from './pocket-text';
import { PocketVoices, voiceSourceOf } from './pocket-voices';
import fs from 'node:fs/promises';
import { estimateResidentBytes } from '../onnx/model-files';

/** Kyutai's bundles chunk at 50 tokens; ~4 characters a token keeps a request within a few chunks. */
export const POCKET_MAX_CHUNK_TOKENS = 50;
export const POCKET_MAX_CHUNK_CHARS = 400;

export interface PocketEngineOptions extends OnnxEngineOptions {
  /** Sampling overrides (tests); the defaults are Kyutai's. */
  sampling?: Partial<{ temperature: number; lsdSteps: number; eosThreshold: number }>;
}

/** What Pocket TTS samples with: a seed, no CFG scale or diffusion steps. */
export const POCKET_SAMPLING = { seed: true, guidance: false } as const;

export class PocketEngine extends OnnxEngine<PocketModel> {
  readonly id = POCKET_ENGINE_ID;
  protected readonly label = 'Pocket TTS';
  readonly voices = new PocketVoices();
  private readonly sampling: { temperature: number; lsdSteps: number; eosThreshold: number };

  constructor(options: PocketEngineOptions) {
    super(options);
    this.sampling = { ...POCKET_DEFAULTS, ...options.sampling };
  }

  async describe(model?: ModelSpec): Promise<EngineDescription> {
    const base: EngineDescription = {
      id: this.id,
      label: 'Pocket TTS',
      sampleRate: POCKET_SAMPLE_RATE,
      voices: [],
      maxChunkChars: POCKET_MAX_CHUNK_CHARS,
      // Speakers with a reference clip get it as SynthesizeRequest.reference (pocket-voices.ts).
      acceptsReferenceClip: true,
      // Its noise comes from a seed (the turn's or speaker's, else derived): Regenerate draws a new one.
      sampling: POCKET_SAMPLING,
      device: 'cpu',
      memoryEstimateBytes: estimateResidentBytes(400 * 1024 * 1024),
    };
    if (!model) return base;
    const loaded = this.loaded(model.id);
    return {
      ...base,
      label: `Pocket TTS (${model.id})`,
      voices: pocketVoiceInfos(model),
      device: loaded?.session.provider ?? 'cpu',
      memoryEstimateBytes: loaded?.bytes ?? (await estimatePocketBytes(model)),
    };
  }

  async synthesize(
    request: SynthesizeRequest,
    signal: AbortSignal,
    onAudio: (pcm: Float32Array) => void,
  ): Promise<{ sampleRate: number }> {
    await this.withModel(request, signal, async (model, spec) => {
      const source = voiceSourceOf(request, spec);
      const voiceState = await this.voices.promptedState(model, spec, source);
      const pad = model.bundle.pad_with_spaces_for_short_inputs ?? false;
      for (const [index, chunk] of this.chunks(model, request.text).entries()) {
        const prepared = preparePocketText(
          model.bundle.remove_semicolons ? chunk.replace(/;/g, ',') : chunk,
          pad,
        );
        const tokens = model.tokenizer.encode(prepared);
        if (tokens.length === 0) continue;
        const outcome = await generateChunk(
          model,
          voiceState,
          {
            tokens,
            maxFrames: maxPocketFrames(tokens.length),
            framesAfterEos: framesAfterEos(
              prepared,
              model.bundle.model_recommended_frames_after_eos ?? undefined,
            ),
            seed: pocketSeed(request.params.seed, [
              spec.contentHash ?? spec.id,
              source.key,
              String(index),
              prepared,
            ]),
            ...this.sampling,
          },
          signal,
          onAudio,
        );
        this.log(
          'debug',
          `pocket-tts: ${tokens.length} tokens → ${outcome.frames} frames (end at ${outcome.eosStep})`,
        );
      }
    });
    return { sampleRate: POCKET_SAMPLE_RATE };
  }

  /** The text in chunks of at most the model's token limit, cut at clause ends (a long clause stays whole). */
  private chunks(model: PocketModel, text: string): string[] {
    const count = (part: string) => model.tokenizer.encode(part).length;
    if (count(text) <= POCKET_MAX_CHUNK_TOKENS) return [text];
    const chunks: string[] = [];
    let current = '';
    for (const clause of splitClauses(text)) {
      const piece = `${clause.text}${clause.terminator}`.trim();
      if (piece === '') continue;
      const joined = current === '' ? piece : `${current} ${piece}`;
      if (current !== '' && count(joined) > POCKET_MAX_CHUNK_TOKENS) {
        chunks.push(current);
        current = piece;
      } else current = joined;
    }
    if (current !== '') chunks.push(current);
    return chunks;
  }

  protected isModel(model: unknown): model is PocketModel {
    return model instanceof PocketModel;
  }

  protected loadModel(spec: ModelSpec): Promise<PocketModel> {
    if (spec.engine !== POCKET_ENGINE_ID)
      throw new EngineError('bad-request', `model "${spec.id}" is a ${spec.engine} pack, not Pocket TTS`);
    return PocketModel.load(spec, this.runtime);
  }
}

/** The pack's own voices (its reference samples): a clip-cloned speaker needs none of them. */
export function pocketVoiceInfos(spec: ModelSpec): VoiceInfo[] {
  return Object.keys(spec.files)
    .filter((key) => key.startsWith(POCKET_VOICE_PREFIX))
    .map((key) => key.slice(POCKET_VOICE_PREFIX.length))
    .sort()
    .map((id) => ({
      engine: POCKET_ENGINE_ID,
      model: spec.id,
      id,
      label: `${id} (reference sample)`,
      language: 'en',
    }));
}

/** Memory a pack needs loaded, before anything was measured: its five graphs and their states. */
async function estimatePocketBytes(spec: ModelSpec): Promise<number> {
  let graphs = 0;
  for (const graph of POCKET_GRAPHS) {
    const file = spec.files[graph];
    if (file)
      graphs += await fs.stat(file).then(
        (stat) => stat.size,
        () => 0,
      );
  }
  return estimateResidentBytes(graphs, POCKET_STATE_BYTES);
}
