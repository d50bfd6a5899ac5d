/** The bundled espeak-ng engine: every machine has it, nothing to download. Draft quality, very fast. */
import os from 'node:os';
import { ESPEAK_ENGINE_ID, ESPEAK_VOICES } from '../../../../shared/model/espeak-voices';
import { ESPEAK_LANGUAGE_VOICES } from '../../../../shared/model/espeak-language-voices';
import { espeakVoiceTrimDb } from '../../../../shared/model/espeak-voice-levels';
import type {
  EngineDescription,
  LoadResult,
  SynthesizeRequest,
} from '../../../../shared/protocol/worker-protocol';
import { EspeakPool, EspeakThreadError } from '../../espeak/espeak-pool';
import { ESPEAK_DEFAULT_WPM, ESPEAK_SAMPLE_RATE } from '../../espeak/espeak-wasm';
import type { Engine } from '../engine';
import { EngineError, throwIfCancelled } from '../engine';

/** espeak pitch units per semitone, measured on this build (pitch 50→90 raised f0 from 82 to 136 Hz). */
const PITCH_UNITS_PER_SEMITONE = 4.5;
const MAX_CHUNK_CHARS = 600;
/** Voice ids are `<language>[+<variant>]`. */
const VOICE_ID = /^[a-z]{2,3}(-[a-z0-9]+)*(\+[A-Za-z0-9]+)?$/;
/** Most espeak threads by default: turns rendered at once (each thread holds its own ~40 MB instance). */
const MAX_DEFAULT_THREADS = 4;

/**
 * espeak threads for this machine: `ROUNDTABLE_ESPEAK_THREADS` (1–16) if set, else one per core but one,
 * up to {@link MAX_DEFAULT_THREADS}. The core left over records and measures the episode while it renders
 * (on a 2-core machine a second espeak thread made the whole render slower: 9.8 → 10.6 s for 10 minutes,
 * the host starved and espeak's instances contend for memory bandwidth: two of them run at ~0.7x each).
 */
export function espeakThreadCount(env: NodeJS.ProcessEnv, cores = os.availableParallelism()): number {
  const configured = env.ROUNDTABLE_ESPEAK_THREADS;
  if (configured !== undefined && configured !== '') {
    const count = Number(configured);
    if (!Number.isInteger(count) || count < 1 || count > 16) {
      throw new EngineError(
        'bad-request',
        `ROUNDTABLE_ESPEAK_THREADS must be a whole number from 1 to 16; got "${configured}"`,
      );
    }
    return count;
  }
  return Math.max(1, Math.min(MAX_DEFAULT_THREADS, cores - 1));
}

export class EspeakEngine implements Engine {
  readonly id = ESPEAK_ENGINE_ID;
  private readonly pool: EspeakPool;

  constructor(threads = espeakThreadCount({})) {
    this.pool = new EspeakPool(threads);
  }

  async describe(): Promise<EngineDescription> {
    return {
      id: this.id,
      label: 'eSpeak NG (bundled)',
      sampleRate: ESPEAK_SAMPLE_RATE,
      voices: [...ESPEAK_VOICES, ...ESPEAK_LANGUAGE_VOICES],
      maxChunkChars: MAX_CHUNK_CHARS,
      packsSentences: true,
      parallelCalls: this.pool.size,
      device: 'wasm',
      memoryEstimateBytes: 64 * 1024 * 1024,
      // A first render on a 2-core VM: the demo's 2348 characters in 2.4–2.6 s from the plan to the last
      // turn, espeak-ng's start-up included (~950 a second); a little under, for a slower laptop. The
      // generic 60 said "about 39 s".
      charsPerSecondEstimate: 800,
    };
  }

  async load(): Promise<LoadResult> {
    return { modelId: this.id, provider: 'wasm', loadMs: 0 };
  }

  async unload(): Promise<void> {}

  async synthesize(
    request: SynthesizeRequest,
    signal: AbortSignal,
    onAudio: (pcm: Float32Array) => void,
  ): Promise<{ sampleRate: number }> {
    if (!VOICE_ID.test(request.voice)) {
      throw new EngineError('unknown-voice', `"${request.voice}" is not an espeak voice id (e.g. en-us+f3)`);
    }
    const options = {
      voice: request.voice,
      wordsPerMinute: (ESPEAK_DEFAULT_WPM * request.params.ratePercent) / 100,
      pitch: 50 + request.params.pitchSemitones * PITCH_UNITS_PER_SEMITONE,
    };
    const gain = 10 ** (espeakVoiceTrimDb(request.voice) / 20);
    const deliver =
      gain === 1
        ? onAudio
        : (pcm: Float32Array): void => {
            for (let i = 0; i < pcm.length; i++) pcm[i]! *= gain;
            onAudio(pcm);
          };
    try {
      await this.pool.synthesize(request.text, options, signal, deliver);
    } catch (error) {
      if (error instanceof EspeakThreadError) throw new EngineError(error.code, error.message);
      throw error;
    }
    throwIfCancelled(signal);
    return { sampleRate: ESPEAK_SAMPLE_RATE };
  }

  async dispose(): Promise<void> {
    await this.pool.dispose();
  }
}
