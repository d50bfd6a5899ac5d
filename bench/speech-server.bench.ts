/**
 * Speech servers: (1) the server engine's cost over a bare HTTP client, both sending the same requests to
 * the same fake server (its own process, espeak-rendered speech) one after another, alternating; (2) a pool
 * of N = 1, 2, 4 fake endpoints with a fixed latency rendering the same script through the render queue:
 * N endpoints should render at least 0.75·N times as fast as one.
 *
 *   node bin/run-ts.js bench/run-one.ts speech-server <out.json>
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { RenderService } from '../electron/host/render/render-service';
import { TakeStore } from '../electron/host/render/take-store';
import { EndpointPool } from '../electron/host/speech-server/endpoint-pool';
import { UrlEndpointSource } from '../electron/host/speech-server/endpoint-source';
import { ServerEngineConfigSchema } from '../electron/host/speech-server/engine-config';
import { speechRequestBody } from '../electron/host/speech-server/speech-api';
import { endpointUrl } from '../electron/host/speech-server/speech-client';
import { ServerEngine } from '../electron/host/speech-server/server-engine';
import type { WorkerHost } from '../electron/host/worker/worker-host';
import { FakeSpeechServer } from '../test-support/fake-speech-server/fake-speech-server';
import type { BenchOutcome, TableRow } from './bench-result';
import { headline, median, round3 } from './bench-result';
import { ROOT } from './results-store';

const SENTENCES = [
  'Welcome back to the show, where we talk about long recordings.',
  'Today we have three guests and a lot to get through.',
  'The first question is about servers that fail in the middle of the night.',
  'I think a pool of machines is the only honest answer to that.',
  'Let us hear what the others think before we decide anything.',
  'Every turn is rendered once and kept, so nothing is lost.',
];

const voice = {
  engine: 'bench',
  model: 'fake-tts',
  voice: 'alloy',
  params: { ratePercent: 100, pitchSemitones: 0 },
};

async function startFakeProcess(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [path.join(ROOT, 'bin/run-ts.js'), path.join(ROOT, 'test-support/fake-speech-server/main.ts')],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (data: Buffer) => {
      out += data.toString();
      if (out.includes('\n')) resolve();
    });
    child.once('exit', () => reject(new Error('the fake speech server exited')));
  });
  return { url: (JSON.parse(out.split('\n')[0] ?? '{}') as { url: string }).url, child };
}

function engineFor(urls: string[], maxConcurrent = 1): ServerEngine {
  const config = ServerEngineConfigSchema.parse({
    name: 'bench',
    model: 'fake-tts',
    endpoints: urls.map((url) => ({ url, maxConcurrent })),
  });
  return new ServerEngine(
    config,
    new EndpointPool(
      config.endpoints.map((endpoint) => new UrlEndpointSource(endpoint.url, endpoint.maxConcurrent)),
    ),
  );
}

/** Engine vs bare client, same requests, alternating, `rounds` times over the sentences. */
async function overhead(rounds: number) {
  const fake = await startFakeProcess();
  try {
    const engine = engineFor([fake.url]);
    const direct = async (text: string) => {
      const body = speechRequestBody({
        model: 'fake-tts',
        text,
        voice: 'alloy',
        format: 'wav',
        ratePercent: 100,
        stream: false,
        dialect: 'openai',
        seed: 0,
      });
      const response = await fetch(endpointUrl(fake.url, 'audio/speech'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const bytes = await response.arrayBuffer();
      if (!response.ok || bytes.byteLength < 1000)
        throw new Error(`direct request failed: ${response.status}`);
    };
    const viaEngine = (text: string) =>
      engine.synthesize(text, voice, new AbortController().signal).then(() => undefined);
    // Warm both paths (espeak load in the fake, decoders here).
    await direct(SENTENCES[0] ?? '');
    await viaEngine(SENTENCES[0] ?? '');
    const engineMs: number[] = [];
    const directMs: number[] = [];
    for (let round = 0; round < rounds; round++) {
      for (const text of SENTENCES) {
        const order =
          (round + SENTENCES.indexOf(text)) % 2 === 0
            ? ([direct, viaEngine] as const)
            : ([viaEngine, direct] as const);
        for (const run of order) {
          const started = performance.now();
          await run(text);
          (run === direct ? directMs : engineMs).push(performance.now() - started);
        }
      }
    }
    await engine.pool.dispose();
    const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
    return {
      requests: engineMs.length,
      engineMs: sum(engineMs),
      directMs: sum(directMs),
      engineMedianMs: median(engineMs),
      directMedianMs: median(directMs),
    };
  } finally {
    fake.child.kill();
  }
}

/** The same script through the render queue with a pool of `n` endpoints of fixed latency. */
async function poolRender(n: number, latencyMs: number, turns: number): Promise<number> {
  const fakes = await Promise.all(
    Array.from({ length: n }, () => FakeSpeechServer.start({ latencyMs, renderer: 'tone' })),
  );
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-bench-pool-'));
  const engine = engineFor(fakes.map((fake) => fake.url));
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
    hostEngine: async (id) => (id === 'bench' ? engine : undefined),
    resolveModel: async () => undefined,
  });
  try {
    const requests = Array.from({ length: turns }, (_, i) => ({
      segmentId: `s${i}`,
      text: `${SENTENCES[i % SENTENCES.length] ?? ''} (${i})`,
      voice,
    }));
    const started = performance.now();
    const takes = await render.startJob(new TakeStore(dir), requests).done;
    const elapsed = performance.now() - started;
    if (takes.size !== turns) throw new Error(`pool of ${n}: ${takes.size} of ${turns} turns rendered`);
    return elapsed;
  } finally {
    render.dispose();
    await engine.pool.dispose();
    await Promise.all(fakes.map((fake) => fake.close()));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchSpeechServer(
  options: { rounds?: number; latencyMs?: number; turns?: number } = {},
): Promise<BenchOutcome> {
  const rounds = options.rounds ?? 5;
  const latencyMs = options.latencyMs ?? 800;
  const turns = options.turns ?? 24;
  const cost = await overhead(rounds);
  const pool: Record<number, number> = {};
  for (const n of [1, 2, 4]) pool[n] = await poolRender(n, latencyMs, turns);
  const one = pool[1] ?? Number.NaN;
  const rows: TableRow[] = [2, 4].map((n) => {
    const speedup = round3(one / (pool[n] ?? Number.NaN));
    return {
      label: `pool of ${n} endpoints (${latencyMs} ms latency, ${turns} turns): ${Math.round(pool[n] ?? 0)} ms vs ${Math.round(one)} ms with one`,
      value: `${speedup}× as fast`,
      target: `≥ ${0.75 * n}×`,
      pass: speedup >= 0.75 * n,
    };
  });
  return {
    title: 'Speech server engine',
    compared: `the server engine (request, WAV decode, resample to 24 kHz) against a bare HTTP client sending the same ${cost.requests} requests to the same fake server, alternating`,
    // Medians: on this shared 2-core machine a few requests of either kind take twice as long, and sums follow them.
    ...headline(
      { label: 'server engine, median request', value: Math.round(cost.engineMedianMs), unit: 'ms' },
      { label: 'bare HTTP client, median request', value: Math.round(cost.directMedianMs), unit: 'ms' },
      { max: 1.1 },
    ),
    rows: [
      {
        label: `all ${cost.requests} requests: engine / bare client`,
        value: `${Math.round(cost.engineMs)} / ${Math.round(cost.directMs)} ms (${round3(cost.engineMs / cost.directMs)}×)`,
      },
      ...rows,
    ],
    params: { rounds, latencyMs, turns },
    details: { overhead: cost, poolMs: pool },
    notes: [
      'The fake server renders with espeak-ng in its own process for the engine comparison, and a tone of speech length for the pool runs (so the fixed latency, not synthesis on this 2-core machine, is what a pool divides).',
      'A server answering at another rate than 24 kHz costs a resample per chunk on top (about 20 ms per second of audio here); the fake answers at 24 kHz, as OpenAI-style servers do.',
    ],
  };
}
