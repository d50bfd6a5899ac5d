/**
 * A speech server for tests, as strict as a real one: it validates every request against the published
 * schema (OpenAI's, or audio.cpp's with its extra fields) and refuses unknown fields with OpenAI's 400 JSON
 * error; it renders real speech with the app's espeak-ng build, in every format (WAV 16/24-bit, float and
 * streamed WAV, headerless 24 kHz PCM, FLAC, MP3) and as SSE; and it misbehaves on request: latency, 500,
 * 429 with Retry-After, a connection dropped half-way, a wrong content type, silence, garbage, NaN samples,
 * a hang.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { resample } from '../../electron/host/audio/resampler';
import {
  AudioCppSpeechRequestSchema,
  OpenAiSpeechRequestSchema,
  PCM_SAMPLE_RATE,
} from '../../electron/host/speech-server/speech-api';
import type { EspeakWasm } from '../../electron/worker/espeak/espeak-wasm';
import { loadEspeak } from '../../electron/worker/espeak/espeak-wasm';
import type { WavVariant } from './fake-audio-bytes';
import { contentTypeOf, encode, pcm16, readBody, wavBytes } from './fake-audio-bytes';
import { voiceSampleProblem, withMusic } from './fake-quirks';

export type Fault =
  | { kind: 'status'; status: number; message?: string; retryAfter?: string }
  | { kind: 'drop' }
  | { kind: 'wrong-content-type' }
  | { kind: 'silence' }
  | { kind: 'garbage' }
  | { kind: 'nan' }
  | { kind: 'hang' }
  | { kind: 'truncated-wav' }
  /** VibeVoice's spontaneous music: the speech, then 4.5 s of sustained chords. */
  | { kind: 'music' };

export type VoicesShape = 'strings' | 'objects' | 'wrapped-voices' | 'wrapped-data' | 'none';
export type { WavVariant } from './fake-audio-bytes';

export interface FakeSpeechServerOptions {
  port?: number;
  model?: string;
  dialect?: 'openai' | 'audiocpp';
  latencyMs?: number;
  apiKey?: string;
  voicesShape?: VoicesShape;
  wavVariant?: WavVariant;
  /** `tone`: a cheap tone as long as speech would be (benchmarks where latency, not synthesis, should count). */
  renderer?: 'espeak' | 'tone';
  /** Rate of WAV, FLAC and MP3 answers (default 24000, OpenAI's PCM rate, which most servers use). */
  sampleRate?: number;
}

export interface LoggedRequest {
  method: string;
  path: string;
  body?: unknown;
  authorization?: string;
  /** Status the fake answered with (undefined while in progress or when the connection was dropped). */
  status?: number;
}

/** The fake's voices and the espeak voices that speak them. */
export const FAKE_VOICES: Record<string, string> = {
  alloy: 'en-us',
  echo: 'en-us+m3',
  fable: 'en-gb-x-rp+f3',
  nova: 'en-us+f2',
  onyx: 'en-us+m7',
  shimmer: 'en+f4',
};

export { wavBytes } from './fake-audio-bytes';

export class FakeSpeechServer {
  readonly requests: LoggedRequest[] = [];
  /** Faults for the next speech requests, first in first out. */
  readonly faults: Fault[] = [];
  /** A fault for every speech request (after the queue is empty). */
  always: Fault | undefined;
  latencyMs: number;
  wavVariant: WavVariant;
  inFlight = 0;
  maxInFlight = 0;
  /** Called as each valid speech request starts rendering, with its body. */
  onSpeechRequest: ((body: unknown) => void) | undefined;
  private readonly server: http.Server;
  private espeak: Promise<EspeakWasm> | undefined;
  private readonly open = new Set<Socket>();

  private constructor(private readonly options: FakeSpeechServerOptions) {
    this.latencyMs = options.latencyMs ?? 0;
    this.wavVariant = options.wavVariant ?? 'pcm16';
    this.server = http.createServer((request, response) => void this.handle(request, response));
    this.server.on('connection', (socket) => {
      this.open.add(socket);
      socket.on('close', () => this.open.delete(socket));
    });
  }

  static async start(options: FakeSpeechServerOptions = {}): Promise<FakeSpeechServer> {
    const fake = new FakeSpeechServer(options);
    await new Promise<void>((resolve) => fake.server.listen(options.port ?? 0, '127.0.0.1', resolve));
    return fake;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get model(): string {
    return this.options.model ?? 'fake-tts';
  }

  speechRequests(): LoggedRequest[] {
    return this.requests.filter((request) => request.path === '/v1/audio/speech');
  }

  async close(): Promise<void> {
    for (const socket of this.open) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://fake');
    const logged: LoggedRequest = {
      method: request.method ?? '',
      path: url.pathname,
      ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}),
    };
    this.requests.push(logged);
    const send = (
      status: number,
      type: string,
      body: Buffer | string,
      headers: Record<string, string> = {},
    ) => {
      logged.status = status;
      response.writeHead(status, {
        'content-type': type,
        'content-length': Buffer.byteLength(body),
        ...headers,
      });
      response.end(body);
    };
    const error = (
      status: number,
      message: string,
      type = 'invalid_request_error',
      param: string | null = null,
    ) => send(status, 'application/json', JSON.stringify({ error: { message, type, param, code: null } }));
    if (this.options.apiKey && request.headers.authorization !== `Bearer ${this.options.apiKey}`) {
      error(401, 'Incorrect API key provided.', 'invalid_request_error');
      return;
    }
    if (request.method === 'GET' && url.pathname === '/v1/models') {
      send(
        200,
        'application/json',
        JSON.stringify({ object: 'list', data: [{ id: this.model, object: 'model', owned_by: 'fake' }] }),
      );
      return;
    }
    if (request.method === 'GET' && url.pathname === '/v1/audio/voices') {
      const ids = Object.keys(FAKE_VOICES);
      const shape = this.options.voicesShape ?? 'wrapped-voices';
      if (shape === 'none') return error(404, `unknown endpoint: ${url.pathname}`, 'not_found');
      const body =
        shape === 'strings'
          ? ids
          : shape === 'objects'
            ? ids.map((id) => ({ id, name: id[0]?.toUpperCase() + id.slice(1) }))
            : shape === 'wrapped-data'
              ? { data: ids.map((id) => ({ id })) }
              : { voices: ids };
      send(200, 'application/json', JSON.stringify(body));
      return;
    }
    if (request.method !== 'POST' || url.pathname !== '/v1/audio/speech') {
      error(404, `unknown endpoint: ${url.pathname}`, 'not_found');
      return;
    }
    const text = await readBody(request);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      error(400, 'We could not parse the JSON body of your request.');
      return;
    }
    logged.body = json;
    const schema =
      this.options.dialect === 'audiocpp' ? AudioCppSpeechRequestSchema : OpenAiSpeechRequestSchema;
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      if (issue?.code === 'unrecognized_keys') {
        const key = issue.keys[0] ?? '';
        error(400, `Unrecognized request argument supplied: ${key}`, 'invalid_request_error', key);
      } else {
        const param = issue?.path.join('.') ?? null;
        error(
          400,
          `Invalid value for '${param}': ${issue?.message ?? 'invalid'}`,
          'invalid_request_error',
          param,
        );
      }
      return;
    }
    const body = parsed.data;
    if (body.model !== this.model)
      return error(404, `The model '${body.model}' does not exist.`, 'invalid_request_error', 'model');
    const voiceId = typeof body.voice === 'string' ? body.voice : body.voice.id;
    const espeakVoice = FAKE_VOICES[voiceId];
    if (!espeakVoice)
      return error(
        400,
        `voice '${voiceId}' is not one of ${Object.keys(FAKE_VOICES).join(', ')}`,
        'invalid_request_error',
        'voice',
      );
    const options = 'options' in body ? (body.options as Record<string, unknown> | undefined) : undefined;
    const samples = options?.voice_samples;
    if (samples !== undefined) {
      // audio.cpp reads VibeVoice's voice_samples from its own disk: every path must be a WAV there.
      const problem = await voiceSampleProblem(String(samples));
      if (problem) return error(500, problem, 'server_error', 'options.voice_samples');
    }
    const format = body.response_format ?? 'mp3';
    if (format === 'opus' || format === 'aac')
      return error(400, `this fake does not encode ${format}`, 'invalid_request_error', 'response_format');

    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    this.onSpeechRequest?.(body);
    try {
      const fault = this.faults.shift() ?? this.always;
      if (fault?.kind === 'hang') {
        await new Promise<void>((resolve) => request.socket.once('close', resolve));
        return;
      }
      if (this.latencyMs > 0) await delay(this.latencyMs);
      if (fault?.kind === 'status') {
        logged.status = fault.status;
        response.writeHead(fault.status, {
          'content-type': 'application/json',
          ...(fault.retryAfter !== undefined ? { 'retry-after': fault.retryAfter } : {}),
        });
        response.end(
          JSON.stringify({
            error: { message: fault.message ?? `fake failure ${fault.status}`, type: 'server_error' },
          }),
        );
        return;
      }
      if (fault?.kind === 'wrong-content-type')
        return send(200, 'text/html', '<html><body>Gateway says hello</body></html>');
      if (fault?.kind === 'garbage')
        return send(
          200,
          contentTypeOf(format),
          Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7919) % 251)),
        );
      const rate = this.options.sampleRate ?? PCM_SAMPLE_RATE;
      let samples: Float32Array;
      if (fault?.kind === 'silence') samples = new Float32Array(rate);
      else {
        // Like a model that samples, audio.cpp's dialect sounds different for every seed (here: the pitch
        // and pace), and the same for the same seed.
        const seed = 'seed' in body && typeof body.seed === 'number' ? body.seed : undefined;
        samples = await this.render(body.input, espeakVoice, body.speed ?? 1, rate, seed);
        if (fault?.kind === 'nan') samples[Math.floor(samples.length / 2)] = Number.NaN;
        if (fault?.kind === 'music') samples = withMusic(samples, rate);
      }
      if (body.stream_format === 'sse') {
        const pcm = pcm16(rate === PCM_SAMPLE_RATE ? samples : resample(samples, rate, PCM_SAMPLE_RATE));
        logged.status = 200;
        response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        const piece = 4800;
        for (let at = 0; at < pcm.length; at += piece) {
          response.write(
            `event: speech.audio.delta\ndata: ${JSON.stringify({ type: 'speech.audio.delta', audio: pcm.subarray(at, at + piece).toString('base64') })}\n\n`,
          );
          if (fault?.kind === 'drop' && at + piece >= pcm.length / 2) {
            response.socket?.destroy();
            return;
          }
        }
        response.end(
          `event: speech.audio.done\ndata: ${JSON.stringify({ type: 'speech.audio.done', usage: { input_tokens: 0, output_tokens: 0, total_tokens: 0 } })}\n\ndata: [DONE]\n\n`,
        );
        return;
      }
      const audio =
        fault?.kind === 'nan'
          ? wavBytes(samples, rate, 'float32')
          : this.options.dialect === 'audiocpp'
            ? wavBytes(samples, rate, 'pcm16')
            : await encode(format, samples, rate, this.wavVariant);
      const type = this.options.dialect === 'audiocpp' ? 'audio/wav' : contentTypeOf(format);
      if (fault?.kind === 'drop') {
        // Announces the whole body, sends half, and closes the connection.
        logged.status = 200;
        response.writeHead(200, { 'content-type': type, 'content-length': audio.length });
        response.write(audio.subarray(0, Math.floor(audio.length / 2)));
        response.socket?.destroy();
        return;
      }
      if (fault?.kind === 'truncated-wav') {
        // A complete HTTP answer (chunked) whose WAV header announces more audio than it holds.
        logged.status = 200;
        response.writeHead(200, { 'content-type': type });
        response.end(audio.subarray(0, Math.floor(audio.length / 2)));
        return;
      }
      send(200, type, audio);
    } finally {
      this.inFlight -= 1;
    }
  }

  private async render(
    text: string,
    voice: string,
    speed: number,
    rate: number,
    seed?: number,
  ): Promise<Float32Array> {
    if (this.options.renderer === 'tone') {
      const out = new Float32Array(Math.round((rate * text.length * 0.06) / speed));
      for (let i = 0; i < out.length; i++) out[i] = 0.3 * Math.sin(i / 4) * (0.6 + 0.4 * Math.sin(i / 900));
      return out;
    }
    this.espeak ??= loadEspeak();
    const espeak = await this.espeak;
    const blocks: Int16Array[] = [];
    espeak.synthesize(
      text,
      {
        voice,
        wordsPerMinute: Math.round((seed === undefined ? 175 : 160 + (seed % 31)) * speed),
        pitch: seed === undefined ? 50 : 30 + (Math.floor(seed / 31) % 41),
      },
      (pcm) => blocks.push(pcm),
      () => true,
    );
    const total = blocks.reduce((sum, block) => sum + block.length, 0);
    const out = new Float32Array(total);
    let at = 0;
    for (const block of blocks) {
      for (let i = 0; i < block.length; i++) out[at + i] = (block[i] ?? 0) / 32768;
      at += block.length;
    }
    return rate === espeak.sampleRate ? out : resample(out, espeak.sampleRate, rate);
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
