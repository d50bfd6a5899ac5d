import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../audio/testing/oracle';
import { speechWav } from '../clips/testing/clip-fixtures';
import type { VoiceRef } from '../../../shared/model/voice';
import type { Fault, WavVariant } from '../../../test-support/fake-speech-server/fake-speech-server';
import { FakeSpeechServer } from '../../../test-support/fake-speech-server/fake-speech-server';
import { EndpointPool } from './endpoint-pool';
import { UrlEndpointSource } from './endpoint-source';
import type { ServerEngineConfig } from './engine-config';
import { ServerEngineConfigSchema } from './engine-config';
import { AudioCppSpeechRequestSchema, OpenAiSpeechRequestSchema } from './speech-api';
import { ServerEngine, SERVER_TAKE_RATE } from './server-engine';
import { HANG_GUARD_MS } from '../../../test-support/hang-guard';

const servers: FakeSpeechServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function fake(options: Parameters<typeof FakeSpeechServer.start>[0] = {}): Promise<FakeSpeechServer> {
  const server = await FakeSpeechServer.start(options);
  servers.push(server);
  return server;
}

function engineFor(
  urls: string[],
  config: Partial<ServerEngineConfig> = {},
  { maxAttempts = 4, apiKey }: { maxAttempts?: number; apiKey?: string } = {},
): ServerEngine {
  const parsed = ServerEngineConfigSchema.parse({
    name: 'lab',
    model: 'fake-tts',
    endpoints: urls.map((url) => ({ url })),
    ...config,
  });
  const sources = parsed.endpoints.map(
    (endpoint) => new UrlEndpointSource(endpoint.url, endpoint.maxConcurrent, async () => apiKey),
  );
  return new ServerEngine(parsed, new EndpointPool(sources, { backoffBaseMs: 5, backoffMaxMs: 20 }), {
    maxAttempts,
  });
}

const voice: VoiceRef = {
  engine: 'lab',
  model: 'fake-tts',
  voice: 'alloy',
  params: { ratePercent: 100, pitchSemitones: 0 },
};
const TEXT = 'The quick brown fox jumps over the lazy dog.';
const signal = () => new AbortController().signal;

describe('ServerEngine against the fake speech server', () => {
  it.each<[string, Partial<ServerEngineConfig>, WavVariant | 'pcm16-22050' | undefined]>([
    ['wav 16-bit', { responseFormat: 'wav' }, 'pcm16'],
    ['wav at 22.05 kHz (resampled)', { responseFormat: 'wav' }, 'pcm16-22050'],
    ['wav 24-bit', { responseFormat: 'wav' }, 'pcm24'],
    ['wav float', { responseFormat: 'wav' }, 'float32'],
    ['streamed wav (sizes 0xFFFFFFFF)', { responseFormat: 'wav' }, 'streamed'],
    ['pcm', { responseFormat: 'pcm' }, undefined],
    ['flac', { responseFormat: 'flac' }, undefined],
    ['mp3', { responseFormat: 'mp3' }, undefined],
    ['sse', { stream: true }, undefined],
  ])('decodes %s to speech at the take rate', async (_name, config, wavVariant) => {
    const server = await fake(
      wavVariant === 'pcm16-22050' ? { sampleRate: 22_050 } : wavVariant ? { wavVariant } : {},
    );
    const engine = engineFor([server.url], config);
    const result = await engine.synthesize(TEXT, voice, signal());
    expect(result.sampleRate).toBe(SERVER_TAKE_RATE);
    const seconds = result.pcm.length / SERVER_TAKE_RATE;
    expect(seconds).toBeGreaterThan(1.5);
    expect(seconds).toBeLessThan(5);
    let peak = 0;
    for (const sample of result.pcm) peak = Math.max(peak, Math.abs(sample));
    expect(peak).toBeGreaterThan(0.05);
    expect(result.renderedBy).toBe(server.url);
  });

  it('sends exactly the published OpenAI fields (a strict server accepts them)', async () => {
    const server = await fake();
    await engineFor([server.url], { responseFormat: 'wav' }).synthesize(
      TEXT,
      { ...voice, params: { ratePercent: 150, pitchSemitones: 0 } },
      signal(),
    );
    const body = server.speechRequests()[0]?.body;
    expect(OpenAiSpeechRequestSchema.safeParse(body).success).toBe(true);
    expect(body).toEqual({
      model: 'fake-tts',
      input: TEXT,
      voice: 'alloy',
      response_format: 'wav',
      speed: 1.5,
    });
  });

  it("sends audio.cpp's seed and options only in its dialect, the same seed for the same chunk", async () => {
    // The fake, like audio.cpp, loads voice_samples from its disk: a real WAV.
    const dir = makeTempDir('voice-samples');
    const sampleWav = dir.file('a.wav');
    writeFileSync(sampleWav, speechWav(3));
    const server = await fake({ dialect: 'audiocpp' });
    const engine = engineFor([server.url], {
      dialect: 'audiocpp',
      guidanceScale: 1.3,
      inferenceSteps: 10,
      options: { voice_samples: sampleWav },
    });
    await engine.synthesize(TEXT, voice, signal());
    await engine.synthesize(TEXT, voice, signal());
    const [first, second] = server.speechRequests().map((request) => request.body as Record<string, unknown>);
    expect(AudioCppSpeechRequestSchema.safeParse(first).success).toBe(true);
    expect(first).toMatchObject({
      response_format: 'wav',
      guidance_scale: 1.3,
      num_inference_steps: 10,
      options: { voice_samples: sampleWav },
    });
    expect(typeof first?.seed).toBe('number');
    expect(second?.seed).toBe(first?.seed);
    await engine.synthesize(TEXT, { ...voice, params: { ...voice.params, seed: 42 } }, signal());
    expect((server.speechRequests()[2]?.body as { seed: number }).seed).toBe(42);
    // A speaker's (or turn's) CFG scale and diffusion steps win over the engine's.
    await engine.synthesize(
      TEXT,
      { ...voice, params: { ...voice.params, seed: 42, cfgScale: 2.25, diffusionSteps: 30 } },
      signal(),
    );
    const fourth = server.speechRequests()[3]?.body as Record<string, unknown>;
    expect(AudioCppSpeechRequestSchema.safeParse(fourth).success).toBe(true);
    expect(fourth).toMatchObject({ seed: 42, guidance_scale: 2.25, num_inference_steps: 30 });
    expect(engine.describe().sampling).toEqual({ seed: true, guidance: true });
    dir.remove();
  });

  it('sends no seed, CFG scale or steps in the OpenAI dialect, even when the voice sets them', async () => {
    const server = await fake();
    const engine = engineFor([server.url]);
    await engine.synthesize(
      TEXT,
      { ...voice, params: { ...voice.params, seed: 42, cfgScale: 2, diffusionSteps: 30 } },
      signal(),
    );
    const body = server.speechRequests()[0]?.body as Record<string, unknown>;
    expect(OpenAiSpeechRequestSchema.safeParse(body).success).toBe(true);
    expect(body).not.toHaveProperty('seed');
    expect(engine.describe().sampling).toEqual({ seed: false, guidance: false });
  });

  it('a strict OpenAI server refuses an unknown field with a 400 whose message the error carries', async () => {
    const server = await fake();
    // An openai-dialect server sent audio.cpp's fields: refused, not retried.
    const engine = engineFor([server.url], { dialect: 'audiocpp' });
    await expect(engine.synthesize(TEXT, voice, signal())).rejects.toThrow(
      /400.*Unrecognized request argument supplied: seed/,
    );
    expect(server.speechRequests()).toHaveLength(1);
  });

  it.each<[string, Fault]>([
    ['a 500', { kind: 'status', status: 500 }],
    ['a 503', { kind: 'status', status: 503, message: 'server_busy' }],
    ['a 429 with Retry-After seconds', { kind: 'status', status: 429, retryAfter: '0' }],
    [
      'a 429 with Retry-After as an HTTP date',
      { kind: 'status', status: 429, retryAfter: new Date(Date.now() - 1000).toUTCString() },
    ],
    ['a connection dropped half-way', { kind: 'drop' }],
    ['a WAV cut short', { kind: 'truncated-wav' }],
    ['a wrong content type', { kind: 'wrong-content-type' }],
    ['garbage', { kind: 'garbage' }],
    ['NaN samples', { kind: 'nan' }],
  ])('retries after %s and then renders', async (_name, fault) => {
    const server = await fake();
    server.faults.push(fault);
    const result = await engineFor([server.url]).synthesize(TEXT, voice, signal());
    expect(result.pcm.length).toBeGreaterThan(SERVER_TAKE_RATE);
    expect(server.speechRequests()).toHaveLength(2);
  });

  it.each<[string, Fault, RegExp]>([
    [
      'a 500',
      { kind: 'status', status: 500, message: 'CUDA error: out of memory' },
      /answered 500.*CUDA error: out of memory/,
    ],
    ['a dropped connection', { kind: 'drop' }, /connection dropped/],
    [
      'a WAV cut short',
      { kind: 'truncated-wav' },
      /WAV was cut short: its header announces \d+ bytes of audio, \d+ arrived/,
    ],
    [
      'a wrong content type',
      { kind: 'wrong-content-type' },
      /text\/html instead of audio.*Gateway says hello/,
    ],
    ['garbage', { kind: 'garbage' }, /no audio format/],
    ['NaN samples', { kind: 'nan' }, /non-finite samples/],
  ])('fails the chunk after %s every time, saying what the server did', async (_name, fault, message) => {
    const server = await fake();
    server.always = fault;
    await expect(
      engineFor([server.url], {}, { maxAttempts: 2 }).synthesize(TEXT, voice, signal()),
    ).rejects.toThrow(message);
    expect(server.speechRequests()).toHaveLength(2);
  });

  it('does not retry a request the server refuses (unknown voice), and says why', async () => {
    const server = await fake();
    await expect(
      engineFor([server.url]).synthesize(TEXT, { ...voice, voice: 'nobody' }, signal()),
    ).rejects.toThrow(/400.*voice 'nobody' is not one of/);
    expect(server.speechRequests()).toHaveLength(1);
  });

  it('cancelling aborts the request in flight', async () => {
    const server = await fake();
    server.always = { kind: 'hang' };
    const controller = new AbortController();
    const pending = engineFor([server.url]).synthesize(TEXT, voice, controller.signal);
    await expect.poll(() => server.inFlight, { timeout: HANG_GUARD_MS }).toBe(1);
    controller.abort();
    await expect(pending).rejects.toThrow(/cancelled/);
    await expect.poll(() => server.inFlight, { timeout: HANG_GUARD_MS }).toBe(0);
  });

  it('gives up on a request that does not answer within its deadline (which grows with the text)', async () => {
    const server = await fake();
    server.always = { kind: 'hang' };
    const engine = engineFor([server.url], { timeoutBaseMs: 1000, timeoutPerCharMs: 0 }, { maxAttempts: 1 });
    expect(engineFor([server.url]).timeoutMsFor('x'.repeat(400))).toBeGreaterThan(
      engineFor([server.url]).timeoutMsFor('x'),
    );
    await expect(engine.synthesize(TEXT, voice, signal())).rejects.toThrow(/no complete answer within 1 s/);
  });

  it('sends the bearer key and keeps it out of every message', async () => {
    const key = 'sk-test-SECRET-1234';
    const server = await fake({ apiKey: key });
    const ok = engineFor([server.url], {}, { apiKey: key });
    await ok.synthesize(TEXT, voice, signal());
    expect(server.speechRequests()[0]?.authorization).toBe(`Bearer ${key}`);
    server.always = { kind: 'status', status: 500, message: `bad key ${key} in header` };
    const error = await ok.synthesize(TEXT, voice, signal()).then(
      () => undefined,
      (caught: unknown) => caught as Error,
    );
    expect(error?.message).toContain('[api key]');
    expect(error?.message).not.toContain(key);
    const wrong = engineFor([server.url], {}, { apiKey: 'sk-wrong' });
    await expect(wrong.synthesize(TEXT, voice, signal())).rejects.toThrow(/401.*check the API key/);
  });
});
