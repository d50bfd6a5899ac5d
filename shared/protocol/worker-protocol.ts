/**
 * Messages between the host (WorkerHost) and the inference worker process.
 * Every request carries a callId; every reply names the callId it answers.
 */
import type { VoiceInfo, VoiceParams } from '../model/voice';

export type ExecutionProvider = 'cpu' | 'cuda' | 'dml' | 'wasm';

export interface EngineDescription {
  id: string;
  label: string;
  sampleRate: number;
  voices: VoiceInfo[];
  /** Longest text the engine takes in one call, in characters. */
  maxChunkChars: number;
  /**
   * Longest expected speech of one call, in seconds (speech servers, whose memory grows with the audio a
   * request makes): chunks are cut shorter than maxChunkChars where the text says more per character.
   */
  maxChunkSeconds?: number;
  /**
   * The engine paces a run of sentences itself (its own pauses and intonation between them), so the render
   * queue sends consecutive sentences together up to maxChunkChars instead of one call per sentence.
   */
  packsSentences?: boolean;
  /**
   * Calls the engine can run at once (espeak: one per thread of its pool). The render queue renders up to
   * this many turns together; engines without it get one call at a time (a model on a GPU, say).
   */
  parallelCalls?: number;
  /**
   * The engine speaks in a voice from a reference clip (`SynthesizeRequest.reference`). Engines without it
   * are never given a clip: a speaker with one is refused before anything renders.
   */
  acceptsReferenceClip?: boolean;
  /**
   * The engine samples (its audio may differ between renders of the same text): speech servers. `seed`: it
   * takes a seed, so Regenerate draws a new one and a seed reproduces a take; `guidance`: it takes a CFG
   * scale and diffusion steps. Absent: deterministic (espeak, Kokoro, Piper): rendering again gives the
   * same audio. Takes of sampling engines get take QA (non-speech stretches).
   */
  sampling?: { seed: boolean; guidance: boolean };
  device: ExecutionProvider;
  /** Resident memory a loaded model needs, bytes (estimate before calibration). */
  memoryEstimateBytes: number;
  /**
   * Characters a render gets through per second on an ordinary CPU, start-up included: the plan's time
   * estimate before this machine has rendered with the engine (the generic default suits large models).
   */
  charsPerSecondEstimate?: number;
}

/** A model pack as the worker needs it to load: resolved absolute file paths. */
export interface ModelSpec {
  id: string;
  engine: string;
  dir: string;
  files: Record<string, string>;
  sampleRate: number;
  /** Execution providers to try in order; the worker reports the one it used. */
  providers: ExecutionProvider[];
  /** Hash of the pack's files (from its manifest): part of every take's cache key. */
  contentHash?: string;
  /** Where engines that clone voices keep encoded reference clips (per model hash); none: memory only. */
  voiceCacheDir?: string;
}

export interface LoadResult {
  modelId: string;
  provider: ExecutionProvider;
  /** Why a provider earlier in the list was not used, if one was skipped. */
  fallbackReason?: string;
  loadMs: number;
}

export interface SynthesizeRequest {
  engine: string;
  model?: ModelSpec;
  voice: string;
  params: VoiceParams;
  text: string;
  /** Position of this chunk in its job, for fault injection and logs. */
  chunkIndex: number;
  /**
   * The speaker's reference clip (set when `voice.clip` is), the voice is cloned from: its SHA-256 and the
   * absolute path of the stored WAV (mono 16-bit 24 kHz, 3–30 s, loudness-normalised; electron/host/clips/).
   * Engines that clone a voice read it from `path`.
   */
  reference?: ClipReference;
}

/** A reference clip as an engine gets it: `<project>/clips/<sha256>.wav`, consent checked by the host. */
export interface ClipReference {
  sha256: string;
  path: string;
}

export interface SynthesizeResult {
  sampleRate: number;
  totalSamples: number;
  elapsedMs: number;
}

export type HostToWorker =
  | { type: 'describe'; callId: number; engine: string; model?: ModelSpec }
  | { type: 'load'; callId: number; model: ModelSpec }
  | { type: 'unload'; callId: number; modelId: string }
  | { type: 'synthesize'; callId: number; request: SynthesizeRequest }
  | { type: 'phonemize'; callId: number; text: string; language: string }
  | { type: 'cancel'; callId: number; targetCallId: number }
  | { type: 'shutdown'; callId: number };

export type WorkerErrorCode =
  | 'cancelled'
  | 'bad-request'
  | 'unknown-engine'
  | 'unknown-voice'
  | 'model-missing'
  | 'model-invalid'
  | 'out-of-memory'
  | 'engine-failed'
  | 'worker-crashed'
  | 'worker-hung'
  | 'deadline-exceeded';

export interface WorkerError {
  code: WorkerErrorCode;
  message: string;
}

export type WorkerToHost =
  | { type: 'ready'; pid: number; engines: string[] }
  | { type: 'heartbeat'; atMs: number; rssBytes: number; busyCallId: number | null }
  | { type: 'audio'; callId: number; seq: number; sampleRate: number; pcm: Float32Array }
  | { type: 'result'; callId: number; value: unknown }
  | { type: 'error'; callId: number; error: WorkerError }
  | { type: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; message: string };

/** Distributes Omit over a union, so each request keeps its own fields. */
export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type WorkerRequest = DistributiveOmit<HostToWorker, 'callId'>;
