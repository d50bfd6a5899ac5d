/**
 * One planned turn into a take: chunk by chunk through the worker (or a host engine), each checked, trimmed
 * and faded. A failed chunk is retried: first as it was, on a fresh worker (the audio stays identical),
 * then split smaller. The take is handed to the store, which may still be writing it when this resolves.
 */
import type { VoiceRef } from '../../../shared/model/voice';
import type {
  ClipReference,
  EngineDescription,
  ModelSpec,
  SynthesizeResult,
} from '../../../shared/protocol/worker-protocol';
import { excerpt } from '../../../shared/text/excerpt';
import { WorkerCallError } from '../worker/worker-errors';
import type { WorkerHost } from '../worker/worker-host';
import type { HostEngine } from '../speech-server/server-engine';
import { splitForRetry, CLAUSE_PAUSE_MS } from './chunk-plan';
import { fadeEdges } from './edge-fades';
import type { ModelSessions } from './model-sessions';
import type { PauseGate } from './pause-gate';
import { trimSilence, verifyChunk } from './pcm-checks';
import { concat, silence } from './pcm-join';
import { describeFailure } from './render-failures';
import type { ActionSink, RenderHooks, TakeRequest } from './render-types';
import { RenderCancelledError } from './render-types';
import type { RenderPlan } from './take-plan';
import type { TakeMeta, TakeStore } from './take-store';
import { findNonSpeech } from './take-qa';

export interface TakeRendererOptions {
  worker: WorkerHost;
  sessions: ModelSessions;
  gate: PauseGate;
  maxAttempts: number;
  hostEngine: ((engine: string) => Promise<HostEngine | undefined>) | undefined;
  hooks: () => RenderHooks;
  action: ActionSink;
}

/** A chunk's engine, model and voice, and the endpoints of a server engine that rendered the turn so far. */
interface ChunkJob {
  voice: VoiceRef;
  model: ModelSpec | undefined;
  description: EngineDescription;
  signal: AbortSignal;
  renderedBy: Set<string>;
  /** The speaker's stored reference clip, for engines that clone a voice. */
  reference: ClipReference | undefined;
}

export class TakeRenderer {
  /** Measured synthesis speed, ms of compute per character (exponential average). */
  private msPerChar = 60;

  constructor(private readonly options: TakeRendererOptions) {}

  /** Renders the plan's chunks; resolves once synthesised, with the store still writing the take. */
  async render(
    store: TakeStore,
    request: TakeRequest,
    plan: RenderPlan,
    signal: AbortSignal,
  ): Promise<{ stored: Promise<TakeMeta>; cached: boolean }> {
    const { hash, model, description, chunks } = plan;
    const { sessions } = this.options;
    const parts: Float32Array[] = [];
    const job: ChunkJob = {
      voice: request.voice,
      model,
      description,
      signal,
      renderedBy: new Set(),
      reference: request.reference,
    };
    sessions.activeModelId = model?.id ?? null;
    try {
      for (const chunk of chunks) {
        const audio = await this.renderChunk(chunk.text, job, 1);
        parts.push(audio, silence(chunk.pauseAfterMs, description.sampleRate));
      }
    } finally {
      if (sessions.activeModelId === (model?.id ?? null)) sessions.activeModelId = null;
    }
    const { renderedBy } = job;
    const pcm = concat(parts);
    // Take QA where the engine samples (a model may make music instead of words): flagged, not failed.
    const nonSpeech = description.sampling ? findNonSpeech(pcm, description.sampleRate) : undefined;
    const stored = store.put(hash, pcm, description.sampleRate, {
      engine: request.voice.engine,
      model: request.voice.model,
      voice: request.voice.voice,
      text: request.text,
      ...(renderedBy.size > 0 ? { renderedBy: [...renderedBy] } : {}),
      ...(request.voice.params.seed !== undefined ? { seed: request.voice.params.seed } : {}),
      ...(request.voice.clip !== undefined ? { clip: request.voice.clip } : {}),
      ...(nonSpeech ? { nonSpeech } : {}),
    });
    // Reported through the caller's chain; this keeps an early failure from being an unhandled rejection.
    stored.catch(() => undefined);
    return { stored, cached: false };
  }

  private async renderChunk(text: string, job: ChunkJob, attempt: number): Promise<Float32Array> {
    const { voice, model, description, signal } = job;
    const { sessions, maxAttempts } = this.options;
    const sampleRate = description.sampleRate;
    await this.options.gate.waitWhilePaused(signal);
    if (signal.aborted) throw new RenderCancelledError();
    const host = await this.options.hostEngine?.(voice.engine);
    // Every chunk checks its model: the watchdog may have unloaded it, or a restart taken it away.
    if (model && !host) await sessions.ensureLoaded(model, signal);
    const finish = host
      ? undefined
      : await this.options.hooks().beforeChunk?.({ text, voice, model, description }, signal);
    const started = Date.now();
    try {
      if (signal.aborted) throw new RenderCancelledError();
      const pcm = host
        ? await this.synthesizeHost(host, text, job)
        : await this.synthesizeChecked(text, voice, model, sampleRate, job.reference);
      finish?.({ ok: true, elapsedMs: Date.now() - started });
      return pcm;
    } catch (error) {
      finish?.({ ok: false, error });
      if (signal.aborted) throw new RenderCancelledError();
      const failure =
        error instanceof WorkerCallError ? error : new WorkerCallError('engine-failed', String(error));
      if (!failure.retryable || attempt >= maxAttempts) throw failure;
      if (failure.code === 'out-of-memory' && !host)
        await this.options.worker.restart('out of memory: giving memory back before retrying');
      this.options.action(
        'retry-chunk',
        `${describeFailure(failure)}; retrying "${excerpt(text, 40)}" (attempt ${attempt + 1} of ${maxAttempts})`,
      );
      if (model) sessions.forget(model.id);
      // First retry as it was (a fresh worker usually gets through, and the audio stays identical), then smaller.
      const pieces = attempt === 1 ? [text] : splitForRetry(text);
      const parts: Float32Array[] = [];
      for (const [index, piece] of pieces.entries()) {
        parts.push(await this.renderChunk(piece, job, attempt + 1));
        if (index < pieces.length - 1) parts.push(silence(CLAUSE_PAUSE_MS, sampleRate));
      }
      return concat(parts);
    }
  }

  private async synthesizeChecked(
    text: string,
    voice: VoiceRef,
    model: ModelSpec | undefined,
    sampleRate: number,
    reference: ClipReference | undefined,
  ): Promise<Float32Array> {
    const blocks: Float32Array[] = [];
    const started = Date.now();
    const deadlineMs = Math.max(20_000, Math.round(text.length * this.msPerChar * 8));
    await this.options.worker.call<SynthesizeResult>(
      {
        type: 'synthesize',
        request: {
          engine: voice.engine,
          model: model && this.options.sessions.withProviders(model),
          voice: voice.voice,
          params: voice.params,
          text,
          chunkIndex: 0,
          ...(reference ? { reference } : {}),
        },
      },
      { deadlineMs, onAudio: (pcm) => blocks.push(pcm) },
    );
    const elapsed = Date.now() - started;
    this.msPerChar = this.msPerChar * 0.8 + (elapsed / Math.max(1, text.length)) * 0.2;
    const pcm = concat(blocks);
    const verdict = verifyChunk(pcm, sampleRate, text, voice.params.ratePercent);
    if (!verdict.ok) throw new WorkerCallError('engine-failed', verdict.reason ?? 'implausible audio');
    return fadeEdges(trimSilence(pcm, sampleRate), sampleRate);
  }

  /** A chunk from an engine in the host, checked like every chunk; notes the endpoint that rendered it. */
  private async synthesizeHost(host: HostEngine, text: string, job: ChunkJob): Promise<Float32Array> {
    const { voice, signal, renderedBy, reference } = job;
    const { pcm, sampleRate, renderedBy: where } = await host.synthesize(text, voice, signal, reference);
    const verdict = verifyChunk(pcm, sampleRate, text, voice.params.ratePercent);
    if (!verdict.ok)
      throw new WorkerCallError('engine-failed', `${verdict.reason ?? 'implausible audio'} (from ${where})`);
    renderedBy.add(where);
    return fadeEdges(trimSilence(pcm, sampleRate), sampleRate);
  }
}
