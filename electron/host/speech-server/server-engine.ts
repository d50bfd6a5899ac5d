/**
 * An engine that renders chunks through an OpenAI-compatible speech server (or a pool of them). It runs in
 * the host: a request is I/O, not native code or GPU memory that needs the worker's isolation, keys stay
 * in the host, and a pool needs several requests at once. The render queue treats it like every engine
 * (take cache, chunking, checks, progress); this class adds what a network brings: per-request deadlines
 * that grow with the text, cancellation that aborts the request, retries on 5xx, 429 (after its
 * Retry-After), dropped connections, timeouts and unusable answers, at another endpoint where there is one.
 */
import { createHash } from 'node:crypto';
import type { VoiceRef } from '../../../shared/model/voice';
import type { ClipReference, EngineDescription } from '../../../shared/protocol/worker-protocol';
import { resample } from '../audio/resampler';
import type { Logger } from '../util/logger';
import { silentLogger } from '../util/logger';
import { WorkerCallError } from '../worker/worker-errors';
import type { EndpointPool } from './endpoint-pool';
import type { ServerEngineConfig } from './engine-config';
import type { DecodableFormat } from './speech-api';
import { PCM_SAMPLE_RATE, speechRequestBody } from './speech-api';
import type { SpeechRequestError } from './speech-client';
import { requestSpeech, SpeechRequestError as RequestError } from './speech-client';

/** Every server take is stored at this rate (OpenAI's PCM rate); other rates are resampled to it. */
export const SERVER_TAKE_RATE = PCM_SAMPLE_RATE;

export interface HostSynthesis {
  pcm: Float32Array;
  sampleRate: number;
  /** The endpoint that rendered it (its label). */
  renderedBy: string;
}

/** An engine the render queue runs in the host instead of the inference worker. */
export interface HostEngine {
  readonly id: string;
  describe(): EngineDescription;
  /** `reference`: the speaker's stored clip (voice.clip), for engines whose description accepts one. */
  synthesize(
    text: string,
    voice: VoiceRef,
    signal: AbortSignal,
    reference?: ClipReference,
  ): Promise<HostSynthesis>;
}

/** The chunk failed after the engine's own retries; the render queue does not retry it again. */
export class ServerEngineError extends WorkerCallError {
  constructor(code: 'engine-failed' | 'bad-request' | 'cancelled', message: string) {
    super(code, message);
    this.name = 'ServerEngineError';
  }

  override get retryable(): boolean {
    return false;
  }
}

export interface ServerEngineOptions {
  /** Attempts per chunk across the pool (default: 4 plus two per endpoint). */
  maxAttempts?: number;
  logger?: Logger;
}

export class ServerEngine implements HostEngine {
  readonly id: string;
  private readonly logger: Logger;
  private readonly maxAttempts: number;

  constructor(
    readonly config: ServerEngineConfig,
    readonly pool: EndpointPool,
    options: ServerEngineOptions = {},
  ) {
    this.id = config.name;
    this.logger = options.logger ?? silentLogger;
    this.maxAttempts = options.maxAttempts ?? 4 + 2 * pool.size;
  }

  get remote(): boolean {
    return this.pool.sources.some((source) => source.remote);
  }

  describe(): EngineDescription {
    return {
      id: this.config.name,
      label: `${this.config.name} (${this.pool.sources.map((source) => source.label).join(', ')})`,
      sampleRate: SERVER_TAKE_RATE,
      voices: [],
      maxChunkChars: this.config.maxChunkChars,
      maxChunkSeconds: this.config.maxChunkSeconds,
      parallelCalls: this.pool.capacity,
      // audio.cpp's VibeVoice takes clips as `options.voice_samples` (server-local paths); OpenAI's API has none.
      acceptsReferenceClip: this.config.dialect === 'audiocpp',
      // Every server may sample; only audio.cpp's dialect sends a seed, CFG scale and diffusion steps.
      sampling: { seed: this.config.dialect === 'audiocpp', guidance: this.config.dialect === 'audiocpp' },
      device: 'cpu',
      memoryEstimateBytes: 0,
    };
  }

  /** The deadline of one request: a fixed part and a part per character. */
  timeoutMsFor(text: string): number {
    return this.config.timeoutBaseMs + text.length * this.config.timeoutPerCharMs;
  }

  async synthesize(
    text: string,
    voice: VoiceRef,
    signal: AbortSignal,
    reference?: ClipReference,
  ): Promise<HostSynthesis> {
    const stream = this.config.stream;
    const options = this.optionsWith(reference);
    // audio.cpp answers WAV whatever is asked (and streams only PCM); OpenAI-style servers get the format set.
    const format: DecodableFormat = stream
      ? 'pcm'
      : this.config.dialect === 'audiocpp'
        ? 'wav'
        : this.config.responseFormat;
    const body = speechRequestBody({
      model: voice.model ?? this.config.model,
      text,
      voice: voice.voice,
      format,
      ratePercent: voice.params.ratePercent,
      stream,
      dialect: this.config.dialect,
      seed: voice.params.seed ?? chunkSeed(voice, text),
      // The speaker's (or turn's) CFG scale and diffusion steps, else the engine's from engines.json.
      extra: {
        ...optional('guidanceScale', voice.params.cfgScale ?? this.config.guidanceScale),
        ...optional('inferenceSteps', voice.params.diffusionSteps ?? this.config.inferenceSteps),
        ...(this.config.busyTimeoutMs !== undefined ? { busyTimeoutMs: this.config.busyTimeoutMs } : {}),
      },
      options,
    });
    const failures: string[] = [];
    for (let attempt = 1; ; attempt += 1) {
      const lease = await this.pool.acquire(signal).catch((error: unknown) => {
        if (signal.aborted) throw new ServerEngineError('cancelled', 'cancelled');
        throw new ServerEngineError(
          'engine-failed',
          `${this.id}: no endpoint could take the request (${errorText(error)})`,
        );
      });
      const where = lease.source.label;
      try {
        const decoded = await requestSpeech({
          baseUrl: lease.endpoint.baseUrl,
          ...(lease.endpoint.apiKey ? { apiKey: lease.endpoint.apiKey } : {}),
          body,
          format,
          stream,
          timeoutMs: this.timeoutMsFor(text),
          signal,
        });
        lease.succeeded();
        const pcm =
          decoded.sampleRate === SERVER_TAKE_RATE
            ? decoded.pcm
            : resample(decoded.pcm, decoded.sampleRate, SERVER_TAKE_RATE);
        return { pcm, sampleRate: SERVER_TAKE_RATE, renderedBy: where };
      } catch (caught) {
        const error =
          caught instanceof RequestError ? caught : new RequestError('dropped', errorText(caught));
        if (error.kind === 'cancelled' || signal.aborted) {
          lease.released();
          throw new ServerEngineError('cancelled', 'cancelled');
        }
        const message = `${where}: ${error.message}`;
        if (!error.retryable) {
          lease.released();
          throw new ServerEngineError(
            'bad-request',
            `${this.id} refused the request at ${message}${hintFor(error)}`,
          );
        }
        lease.failed(error.retryAfterMs);
        failures.push(message);
        this.logger.info(`${this.id}: attempt ${attempt} of ${this.maxAttempts} failed at ${message}`);
        if (attempt >= this.maxAttempts) {
          throw new ServerEngineError(
            'engine-failed',
            `${this.id} could not render "${text.slice(0, 40)}" in ${attempt} attempts; last: ${message}${failures.length > 1 ? ` (before: ${[...new Set(failures.slice(0, -1))].slice(-2).join('; ')})` : ''}`,
          );
        }
      }
    }
  }

  /**
   * The request's `options` with a reference clip as audio.cpp's `voice_samples`: the clip's absolute path,
   * which the server reads from its own disk, so only servers on this machine can take it. A remote pool is
   * refused rather than sent the text without the clip.
   */
  private optionsWith(reference: ClipReference | undefined): ServerEngineConfig['options'] {
    if (!reference) return this.config.options;
    if (this.config.dialect !== 'audiocpp') {
      throw new ServerEngineError(
        'bad-request',
        `${this.id} speaks plain OpenAI, which has no reference clips: set its dialect to audiocpp (audio.cpp's VibeVoice takes clips), or remove the clip from this speaker`,
      );
    }
    const remote = this.pool.sources.filter((source) => source.remote).map((source) => source.label);
    if (remote.length > 0) {
      throw new ServerEngineError(
        'bad-request',
        `${this.id} has endpoints on other machines (${remote.join(', ')}): a reference clip is sent as a path on the server's own disk, so the clip would have to be on that server. Use a server on this machine (a 127.0.0.1 URL or a sidecar) for voices from a clip`,
      );
    }
    return { ...this.config.options, voice_samples: reference.path };
  }
}

function optional<K extends string>(key: K, value: number | undefined): Partial<Record<K, number>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, number>);
}

function hintFor(error: SpeechRequestError): string {
  if (error.status === 401 || error.status === 403)
    return ' (check the API key: `roundtable engines list` shows where it is read from)';
  if (error.status === 404) return ' (check the URL and the model: `roundtable engines test <name>`)';
  return '';
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The seed of a chunk when the speaker has none: a hash of model, voice and text, so the same chunk gets
 * the same seed at any endpoint of a pool and in any later render.
 */
export function chunkSeed(voice: VoiceRef, text: string): number {
  const digest = createHash('sha256')
    .update(JSON.stringify([voice.model ?? '', voice.voice, text]))
    .digest();
  return digest.readUInt32BE(0) & 0x7fff_ffff;
}
