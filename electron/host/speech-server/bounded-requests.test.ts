/**
 * Every request to a speech server is bounded, whatever the episode: at most `maxChunkChars` characters and
 * `maxChunkSeconds` of expected speech (CJK text and slow rates are cut shorter), long turns split at
 * sentences (then clauses, then words), and no more requests in flight than the pool takes. A longer
 * episode makes more requests, never larger ones: memory on the server does not grow with its length.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { VoiceRef } from '../../../shared/model/voice';
import { expectedSpeechMs } from '../../../shared/text/writing-system';
import { FakeSpeechServer } from '../../../test-support/fake-speech-server/fake-speech-server';
import { RenderService, type TakeRequest } from '../render/render-service';
import { TakeStore } from '../render/take-store';
import type { WorkerHost } from '../worker/worker-host';
import { EndpointPool } from './endpoint-pool';
import { UrlEndpointSource } from './endpoint-source';
import { ServerEngineConfigSchema } from './engine-config';
import { ServerEngine } from './server-engine';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

const SENTENCES = [
  'Welcome back to the show.',
  'Tonight we talk about long-form speech, and about what breaks when an episode runs for an hour.',
  'Memory, mostly.',
  'A model that holds the whole script at once runs out of it in chapter nine.',
];
const LONG_SENTENCE = Array.from(
  { length: 60 },
  (_, i) => `and then the ${i + 1}th guest spoke about rendering`,
).join(', ');
const CJK = '这个工作室一次一个回合地渲染多个说话人之间的长对话并把每个录音都保存在缓存里'.repeat(12);

function episode(turns: number): { text: string; ratePercent: number }[] {
  return Array.from({ length: turns }, (_, i) => {
    // Every turn's words differ (a number at the end), so none is a cache hit of another.
    const numbered = (text: string) => text.replace(/([.。])$/u, ` ${i}$1`);
    if (i % 10 === 3) return { text: numbered(LONG_SENTENCE + '.'), ratePercent: 100 };
    if (i % 10 === 6) return { text: numbered(CJK + '。'), ratePercent: 100 };
    if (i % 10 === 8) return { text: numbered(SENTENCES.join(' ')), ratePercent: 50 };
    return { text: numbered(SENTENCES.slice(0, 1 + (i % SENTENCES.length)).join(' ')), ratePercent: 100 };
  });
}

async function renderEpisode(turns: number) {
  const server = await FakeSpeechServer.start({ dialect: 'audiocpp', renderer: 'tone' });
  cleanups.push(() => server.close());
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'bounded-'));
  cleanups.push(() => fs.rm(dir, { recursive: true, force: true }));
  const config = ServerEngineConfigSchema.parse({
    name: 'vibe',
    model: server.model,
    dialect: 'audiocpp',
    endpoints: [{ url: server.url, maxConcurrent: 2 }],
    maxChunkChars: 300,
    maxChunkSeconds: 20,
  });
  const pool = new EndpointPool(
    config.endpoints.map(
      (endpoint) => new UrlEndpointSource(endpoint.url, endpoint.maxConcurrent, async () => undefined),
    ),
  );
  const engine = new ServerEngine(config, pool);
  const worker = new Proxy(
    {},
    {
      get: () => {
        throw new Error('the worker was used');
      },
    },
  ) as unknown as WorkerHost;
  const render = new RenderService({
    worker,
    hostEngine: async (id) => (id === 'vibe' ? engine : undefined),
  });
  const requests: TakeRequest[] = episode(turns).map((turn, i) => ({
    segmentId: `t${i}`,
    text: turn.text,
    voice: {
      engine: 'vibe',
      model: server.model,
      voice: 'alloy',
      params: { ratePercent: turn.ratePercent, pitchSemitones: 0 },
    } satisfies VoiceRef,
  }));
  const takes = await render.startJob(new TakeStore(path.join(dir, 'takes')), requests).done;
  expect(takes.size).toBe(turns);
  const bodies = server.speechRequests().map((request) => request.body as { input: string; speed?: number });
  return { server, bodies, requests, config };
}

describe('requests to a speech server are bounded', () => {
  it('by characters and expected seconds, split at sentences, whatever the script and rate', async () => {
    const { server, bodies, requests, config } = await renderEpisode(20);
    expect(bodies.length).toBeGreaterThan(requests.length);
    for (const body of bodies) {
      expect(body.input.length).toBeLessThanOrEqual(config.maxChunkChars);
      // Its expected speech at the slowest rate of a turn it is part of stays within the bound.
      const rate = Math.min(
        ...requests
          .filter((request) => request.text.includes(body.input))
          .map((request) => request.voice.params.ratePercent),
      );
      expect(expectedSpeechMs(body.input) * (100 / rate)).toBeLessThanOrEqual(config.maxChunkSeconds * 1000);
    }
    // Turns of sentences that fit are sent a whole sentence per request.
    const whole = bodies.filter((body) => SENTENCES.includes(body.input));
    expect(whole.length).toBeGreaterThan(10);
    // The long sentence and the CJK run were cut (the CJK run shorter than its characters would allow).
    const cjk = bodies.filter((body) => /[\u4e00-\u9fff]/u.test(body.input));
    expect(cjk.length).toBeGreaterThan(1);
    expect(Math.max(...cjk.map((body) => body.input.length))).toBeLessThan(config.maxChunkChars / 2);
    expect(server.maxInFlight).toBeLessThanOrEqual(2);
  });

  it('a longer episode makes more requests, never larger ones', async () => {
    const short = await renderEpisode(10);
    const long = await renderEpisode(30);
    const largest = (bodies: { input: string }[]) => Math.max(...bodies.map((body) => body.input.length));
    expect(long.bodies.length).toBeGreaterThan(2.5 * short.bodies.length);
    // (A turn's number has a digit more in the longer episode.)
    expect(largest(long.bodies)).toBeLessThanOrEqual(largest(short.bodies) + 1);
    expect(largest(long.bodies)).toBeLessThanOrEqual(long.config.maxChunkChars);
  });
});
