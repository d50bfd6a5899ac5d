/**
 * Chatterbox Turbo (Resemble AI, 350M, 24 kHz English, MIT) through its official ONNX export
 * (chatterbox-contract.ts): a voice cloned from a reference clip (`SynthesizeRequest.reference`) or a WAV
 * of the pack, text normalised as Resemble's `punc_norm` and tokenized by the pack's `tokenizer.json`,
 * and the autoregressive loop of chatterbox-loop.ts. A request is spoken a sentence at a time (a sentence
 * longer than {@link CHATTERBOX_MAX_CHUNK_TOKENS} tokens is cut at clause ends), each chunk decoded as
 * soon as its tokens are there. Deterministic: a chunk's draws come from the speaker's (or turn's) seed,
 * or one derived from model, voice and text.
 */
import type {
  EngineDescription,
  ModelSpec,
  SynthesizeRequest,
} from '../../../../shared/protocol/worker-protocol';
import type { VoiceInfo } from '../../../../shared/model/voice';
import type { SynthesizeHooks } from '../engine';
import { EngineError } from '../engine';
import { splitClauses } from '../onnx/clauses';
import { estimateResidentBytes } from '../onnx/model-files';
import { OnnxEngine } from '../onnx/onnx-engine';
import type { OnnxEngineOptions } from '../onnx/onnx-engine-options';
import { pocketSeed } from '../pocket/pocket-text';
import type { ChatterboxSampling } from './chatterbox-contract';
import {
  CHATTERBOX_DEFAULTS,
  CHATTERBOX_GRAPHS,
  CHATTERBOX_SAMPLE_RATE,
  CHATTERBOX_STATE_BYTES,
} from './chatterbox-contract';
import { generateChunk } from './chatterbox-loop';
import { CHATTERBOX_ENGINE_ID, ChatterboxModel, fileBytes } from './chatterbox-model';
import { maxChatterboxSteps, normaliseChatterboxText } from './chatterbox-text';
import { CHATTERBOX_VOICE_PREFIX, ChatterboxVoices, voiceSourceOf } from './chatterbox-voices';

/** Text tokens a chunk may hold (a long sentence is cut at clause ends). */
export const CHATTERBOX_MAX_CHUNK_TOKENS = 60;
export const CHATTERBOX_MAX_CHUNK_CHARS = 400;
/** What Chatterbox Turbo samples with: a seed, no CFG scale or diffusion steps. */
export const CHATTERBOX_SAMPLING_KINDS = { seed: true, guidance: false } as const;

export interface ChatterboxEngineOptions extends OnnxEngineOptions {
  /** Sampling overrides (tests, benchmarks); the defaults are Resemble's `inference_turbo`'s. */
  sampling?: Partial<ChatterboxSampling>;
}

export class ChatterboxEngine extends OnnxEngine<ChatterboxModel> {
  readonly id = CHATTERBOX_ENGINE_ID;
  protected readonly label = 'Chatterbox Turbo';
  readonly voices = new ChatterboxVoices();
  private readonly sampling: ChatterboxSampling;

  constructor(options: ChatterboxEngineOptions) {
    super(options);
    this.sampling = { ...CHATTERBOX_DEFAULTS, ...options.sampling };
  }

  async describe(model?: ModelSpec): Promise<EngineDescription> {
    const base: EngineDescription = {
      id: this.id,
      label: 'Chatterbox Turbo',
      sampleRate: CHATTERBOX_SAMPLE_RATE,
      voices: [],
      maxChunkChars: CHATTERBOX_MAX_CHUNK_CHARS,
      // A speaker's voice is cloned from its reference clip (chatterbox-voices.ts).
      acceptsReferenceClip: true,
      // Its tokens are drawn with a seed (the turn's or speaker's, else derived): Regenerate draws a new one.
      sampling: CHATTERBOX_SAMPLING_KINDS,
      device: 'cpu',
      memoryEstimateBytes: estimateResidentBytes(1500 * 1024 * 1024, CHATTERBOX_STATE_BYTES),
    };
    if (!model) return base;
    const loaded = this.loaded(model.id);
    return {
      ...base,
      label: `Chatterbox Turbo (${model.id})`,
      voices: chatterboxVoiceInfos(model),
      device: loaded?.session.provider ?? 'cpu',
      memoryEstimateBytes: loaded?.bytes ?? (await estimateChatterboxBytes(model)),
    };
  }

  async synthesize(
    request: SynthesizeRequest,
    signal: AbortSignal,
    onAudio: (pcm: Float32Array) => void,
    hooks: SynthesizeHooks = {},
  ): Promise<{ sampleRate: number }> {
    await this.withModel(request, signal, async (model, spec) => {
      const source = voiceSourceOf(request, spec);
      const voice = await this.voices.voice(model, spec, source);
      for (const [index, chunk] of this.chunks(model, request.text).entries()) {
        const prepared = normaliseChatterboxText(chunk);
        if (prepared === '') continue;
        const textIds = model.tokenizer.encode(prepared);
        if (textIds.length === 0) continue;
        const outcome = await generateChunk(
          model,
          voice,
          {
            textIds,
            maxSteps: maxChatterboxSteps(textIds.length),
            seed: pocketSeed(request.params.seed, [
              spec.contentHash ?? spec.id,
              source.key,
              String(index),
              prepared,
            ]),
            sampling: this.sampling,
          },
          signal,
          hooks.step,
        );
        this.log(
          'debug',
          `chatterbox-turbo: ${textIds.length} text tokens → ${outcome.tokens} speech tokens`,
        );
        onAudio(outcome.audio);
      }
    });
    return { sampleRate: CHATTERBOX_SAMPLE_RATE };
  }

  /** The text a sentence at a time; a sentence over the token limit is cut at clause ends. */
  private chunks(model: ChatterboxModel, text: string): string[] {
    const count = (part: string) => model.tokenizer.encode(part).length;
    const chunks: string[] = [];
    let current = '';
    let ended = false;
    for (const clause of splitClauses(text)) {
      const piece = `${clause.text}${clause.terminator}`.trim();
      if (piece === '') continue;
      const joined = current === '' ? piece : `${current} ${piece}`;
      if (current !== '' && (ended || count(joined) > CHATTERBOX_MAX_CHUNK_TOKENS)) {
        chunks.push(current);
        current = piece;
      } else current = joined;
      ended = clause.endsSentence;
    }
    if (current !== '') chunks.push(current);
    return chunks;
  }

  protected isModel(model: unknown): model is ChatterboxModel {
    return model instanceof ChatterboxModel;
  }

  protected loadModel(spec: ModelSpec): Promise<ChatterboxModel> {
    if (spec.engine !== CHATTERBOX_ENGINE_ID)
      throw new EngineError(
        'bad-request',
        `model "${spec.id}" is a ${spec.engine} pack, not Chatterbox Turbo`,
      );
    return ChatterboxModel.load(spec, this.runtime);
  }
}

/** The pack's own voices (WAVs in its folder); a speaker with a clip needs none of them. */
export function chatterboxVoiceInfos(spec: ModelSpec): VoiceInfo[] {
  const own = Object.keys(spec.files)
    .filter((key) => key.startsWith(CHATTERBOX_VOICE_PREFIX))
    .map((key) => key.slice(CHATTERBOX_VOICE_PREFIX.length))
    .sort();
  const ids = own.length > 0 ? own : ['clip'];
  return ids.map((id) => ({
    engine: CHATTERBOX_ENGINE_ID,
    model: spec.id,
    id,
    label: own.length > 0 ? `${id} (reference sample)` : 'Voice from a clip',
    language: 'en',
  }));
}

/** Memory a pack needs loaded, before anything was measured: its graphs with their weights, and the cache. */
async function estimateChatterboxBytes(spec: ModelSpec): Promise<number> {
  let graphs = 0;
  for (const graph of CHATTERBOX_GRAPHS) {
    const file = spec.files[graph];
    if (file) graphs += (await fileBytes(file)) + (await fileBytes(`${file}_data`));
  }
  return estimateResidentBytes(graphs, CHATTERBOX_STATE_BYTES);
}
