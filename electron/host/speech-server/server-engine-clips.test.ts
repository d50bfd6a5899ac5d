/** Reference clips through a speech server: audio.cpp's voice_samples with the stored clip's real path. */
import { mkdirSync } from 'node:fs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { VoiceRef } from '../../../shared/model/voice';
import { CLIP_CONSENT_STATEMENT } from '../../../shared/model/reference-clip';
import { FakeSpeechServer } from '../../../test-support/fake-speech-server/fake-speech-server';
import { makeTempDir } from '../audio/testing/oracle';
import { ClipStore } from '../clips/clip-store';
import { speechWav } from '../clips/testing/clip-fixtures';
import { EndpointPool } from './endpoint-pool';
import { UrlEndpointSource } from './endpoint-source';
import { ServerEngineConfigSchema, type ServerEngineConfig } from './engine-config';
import { ServerEngine } from './server-engine';

const temp = makeTempDir('server-clips');
mkdirSync(temp.file('project'));
const servers: FakeSpeechServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});
afterAll(() => temp.remove());

function engineFor(urls: string[], config: Partial<ServerEngineConfig>): ServerEngine {
  const parsed = ServerEngineConfigSchema.parse({
    name: 'vibe',
    model: 'fake-tts',
    endpoints: urls.map((url) => ({ url })),
    ...config,
  });
  const sources = parsed.endpoints.map(
    (endpoint) => new UrlEndpointSource(endpoint.url, endpoint.maxConcurrent, async () => undefined),
  );
  return new ServerEngine(parsed, new EndpointPool(sources, { backoffBaseMs: 5, backoffMaxMs: 20 }), {
    maxAttempts: 2,
  });
}

async function storedClip() {
  const store = new ClipStore(temp.file('project/clips'));
  const { clip } = await store.import({
    bytes: speechWav(5),
    sourceName: 'guest.wav',
    consentStatement: CLIP_CONSENT_STATEMENT,
  });
  return store.reference(clip.sha256);
}

const TEXT = 'Welcome back to the show, everyone.';
const voice = (clip: string): VoiceRef => ({
  engine: 'vibe',
  model: 'fake-tts',
  voice: 'alloy',
  params: { ratePercent: 100, pitchSemitones: 0 },
  clip,
});

describe('ServerEngine with a reference clip', () => {
  it('sends the stored clip as voice_samples (its absolute path) to a loopback audio.cpp server', async () => {
    const server = await FakeSpeechServer.start({ dialect: 'audiocpp' });
    servers.push(server);
    const reference = await storedClip();
    const engine = engineFor([server.url], {
      dialect: 'audiocpp',
      options: { voice_samples: '/elsewhere.wav' },
    });
    expect(engine.describe().acceptsReferenceClip).toBe(true);
    const result = await engine.synthesize(
      TEXT,
      voice(reference.sha256),
      new AbortController().signal,
      reference,
    );
    expect(result.pcm.length).toBeGreaterThan(0);
    const body = server.speechRequests()[0]?.body as { options?: Record<string, unknown> };
    expect(body.options?.voice_samples).toBe(reference.path);
    expect(reference.path).toBe(temp.file(`project/clips/${reference.sha256}.wav`));
  });

  it('the fake refuses voice_samples that are not WAV files on its disk (as audio.cpp would)', async () => {
    const server = await FakeSpeechServer.start({ dialect: 'audiocpp' });
    servers.push(server);
    const engine = engineFor([server.url], { dialect: 'audiocpp' });
    const missing = { sha256: 'a'.repeat(64), path: temp.file('nope.wav') };
    await expect(
      engine.synthesize(TEXT, voice(missing.sha256), new AbortController().signal, missing),
    ).rejects.toThrow(/failed to load voice sample .*no such file/);
  });

  it('refuses a remote endpoint instead of sending the text without the clip', async () => {
    const server = await FakeSpeechServer.start({ dialect: 'audiocpp' });
    servers.push(server);
    const reference = await storedClip();
    const engine = engineFor([server.url, 'http://10.11.12.13:8080'], { dialect: 'audiocpp' });
    await expect(
      engine.synthesize(TEXT, voice(reference.sha256), new AbortController().signal, reference),
    ).rejects.toThrow(/other machines \(.*10\.11\.12\.13:8080.*\).*the clip would have to be on that server/);
    expect(server.speechRequests()).toHaveLength(0);
  });

  it('an OpenAI-dialect server takes no clip: described so, and refused', async () => {
    const server = await FakeSpeechServer.start();
    servers.push(server);
    const reference = await storedClip();
    const engine = engineFor([server.url], {});
    expect(engine.describe().acceptsReferenceClip).toBe(false);
    await expect(
      engine.synthesize(TEXT, voice(reference.sha256), new AbortController().signal, reference),
    ).rejects.toThrow(/plain OpenAI, which has no reference clips/);
    expect(server.speechRequests()).toHaveLength(0);
  });
});
