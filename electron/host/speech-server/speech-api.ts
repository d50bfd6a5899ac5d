/**
 * The request bodies this engine sends, pinned to the published APIs (checked 2026-12 against the sources
 * named here; a server written from them alone must work):
 *
 * OpenAI `POST /v1/audio/speech` (API reference "Create speech"; openai-node `SpeechCreateParams`):
 * - `model` (string, required), `input` (string, required, at most 4096 characters),
 * - `voice` (required): a voice name string, or `{ "id": "<custom voice id>" }`,
 * - `instructions` (string, optional; not for tts-1/tts-1-hd),
 * - `response_format`: `mp3` (the default) | `opus` | `aac` | `flac` | `wav` | `pcm` (24 kHz signed 16-bit
 *   little-endian mono, no header),
 * - `speed`: 0.25 to 4.0, default 1.0,
 * - `stream_format`: `sse` | `audio`; with `sse` the body is `text/event-stream` whose `data:` lines are
 *   `{"type":"speech.audio.delta","audio":"<base64>"}` and finally `{"type":"speech.audio.done",...}`
 *   (some servers end with `data: [DONE]`).
 * OpenAI refuses fields it does not know with HTTP 400 and `{"error":{"message":...,"type":
 * "invalid_request_error",...}}`, so fields beyond these are sent only where the engine's config says
 * the server takes them.
 *
 * audio.cpp `audiocpp_server` (github 0xShug0/audio.cpp at f8fb0c1: app/server/README.md,
 * app/server/runtime.cpp `build_speech_request`/`handle_speech`, docs/tts.md "VibeVoice"):
 * - the same `model`, `input`, `voice` (a string only: it calls `as_string()`), `response_format`;
 *   `speed` is not read; the non-streaming answer is always `audio/wav` 16-bit PCM (also for `pcm`), or
 *   base64 WAV in JSON with `response_format: "json"`;
 * - top-level `seed`, `temperature`, `top_k`, `top_p`, `max_tokens`, `guidance_scale` (CFG; VibeVoice
 *   default 1.3), `num_inference_steps` (VibeVoice diffusion steps, default 10), `language`,
 *   `instructions`, `voice_ref`/`reference_text` (server-local paths), `busy_timeout_ms` (the server answers
 *   503 `server_busy` when the model is held longer; a request may only shorten the model's bound);
 * - `options`: an object of string-valued model options, e.g. VibeVoice `voice_samples` = comma-separated
 *   server-local WAV paths, up to four, ordered by speaker id;
 * - streaming (`stream_format` `sse`|`audio`) only for models configured `mode: "streaming"` and only with
 *   `response_format: "pcm"`; errors after the headers arrive as `data: {"type":"error","error":{...}}`;
 * - errors are `{"error":{"message":...,"type":...}}`, mostly with status 500 (also for an unknown model);
 * - `GET /v1/models` is `{"object":"list","data":[{"id":...}]}`; `GET /v1/audio/voices?model=<id>` is
 *   `{"voices":["alba",...]}`.
 */
import * as z from 'zod';

export const OPENAI_MAX_INPUT_CHARS = 4096;
export const RESPONSE_FORMATS = ['mp3', 'opus', 'aac', 'flac', 'wav', 'pcm'] as const;
export type ResponseFormat = (typeof RESPONSE_FORMATS)[number];
/** Formats this engine decodes (opus and aac it does not). */
export const DECODABLE_FORMATS = ['wav', 'pcm', 'flac', 'mp3'] as const;
export type DecodableFormat = (typeof DECODABLE_FORMATS)[number];
/** The sample rate OpenAI documents for `pcm`. */
export const PCM_SAMPLE_RATE = 24_000;

/** OpenAI's published request body, strict: a field it does not name is refused. */
export const OpenAiSpeechRequestSchema = z
  .object({
    model: z.string().min(1),
    input: z.string().min(1).max(OPENAI_MAX_INPUT_CHARS),
    voice: z.union([z.string().min(1), z.object({ id: z.string().min(1) }).strict()]),
    instructions: z.string().optional(),
    response_format: z.enum(RESPONSE_FORMATS).optional(),
    speed: z.number().min(0.25).max(4).optional(),
    stream_format: z.enum(['sse', 'audio']).optional(),
  })
  .strict();
export type OpenAiSpeechRequest = z.infer<typeof OpenAiSpeechRequestSchema>;

/** The fields audio.cpp reads on top of OpenAI's (see above); still strict, so typos are caught. */
export const AudioCppSpeechRequestSchema = OpenAiSpeechRequestSchema.extend({
  voice: z.string().min(1),
  seed: z.number().int().optional(),
  temperature: z.number().optional(),
  top_k: z.number().int().optional(),
  top_p: z.number().optional(),
  max_tokens: z.number().int().optional(),
  guidance_scale: z.number().optional(),
  num_inference_steps: z.number().int().optional(),
  language: z.string().optional(),
  busy_timeout_ms: z.number().int().min(0).optional(),
  options: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
}).strict();
export type AudioCppSpeechRequest = z.infer<typeof AudioCppSpeechRequestSchema>;

/** Which dialect a server speaks: plain OpenAI (no extra fields) or audio.cpp's (seed, CFG, steps, options). */
export type SpeechDialect = 'openai' | 'audiocpp';

export interface SpeechRequestInput {
  model: string;
  text: string;
  voice: string;
  format: DecodableFormat;
  /** Speaking rate in percent (100 = normal); sent as `speed` only when not 100 (audio.cpp ignores it). */
  ratePercent: number;
  stream: boolean;
  dialect: SpeechDialect;
  seed?: number;
  /** audio.cpp only: extra top-level fields and the `options` object from the engine config. */
  extra?: { guidanceScale?: number; inferenceSteps?: number; busyTimeoutMs?: number };
  options?: Record<string, string | number | boolean>;
}

/** The body of one speech request, in the dialect's published shape. */
export function speechRequestBody(input: SpeechRequestInput): OpenAiSpeechRequest | AudioCppSpeechRequest {
  const base: OpenAiSpeechRequest = {
    model: input.model,
    input: input.text,
    voice: input.voice,
    response_format: input.format,
    ...(input.ratePercent !== 100 && input.dialect === 'openai'
      ? { speed: Math.min(4, Math.max(0.25, input.ratePercent / 100)) }
      : {}),
    ...(input.stream ? { stream_format: 'sse' as const } : {}),
  };
  if (input.dialect === 'openai') return base;
  return {
    ...base,
    voice: input.voice,
    ...(input.seed !== undefined ? { seed: input.seed } : {}),
    ...(input.extra?.guidanceScale !== undefined ? { guidance_scale: input.extra.guidanceScale } : {}),
    ...(input.extra?.inferenceSteps !== undefined ? { num_inference_steps: input.extra.inferenceSteps } : {}),
    ...(input.extra?.busyTimeoutMs !== undefined ? { busy_timeout_ms: input.extra.busyTimeoutMs } : {}),
    ...(input.options && Object.keys(input.options).length > 0 ? { options: input.options } : {}),
  };
}
