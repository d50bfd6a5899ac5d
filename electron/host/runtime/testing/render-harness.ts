/** Test helpers: a StudioRuntime in a temp data folder, its events recorded, polling waits, worker spies. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RenderProgress, ResourceSnapshot, WatchdogAction } from '../../../../shared/api/studio-api';
import type { VoiceRef } from '../../../../shared/model/voice';
import type { HostToWorker } from '../../../../shared/protocol/worker-protocol';
import type { TakeRequest } from '../../render/render-service';
import type { TakeMeta } from '../../render/take-store';
import type { RuntimeOptions } from '../../studio-runtime';
import { StudioRuntime } from '../../studio-runtime';
import type { SpawnWorker } from '../../worker/worker-channel';
import { forkWorker } from '../../worker/worker-channel';

export interface Harness {
  runtime: StudioRuntime;
  dataDir: string;
  /** Every action on the runtime's one action stream, in order. */
  actions: WatchdogAction[];
  progress: RenderProgress[];
  resources: ResourceSnapshot[];
  /** Messages the host sent to worker processes, with the time they were sent. */
  sent: Array<{ atMs: number; pid: number | undefined; message: HostToWorker }>;
}

/** Collects cleanups; call `run()` in afterEach. */
export class Cleanups {
  private readonly tasks: (() => Promise<void> | void)[] = [];

  add(task: () => Promise<void> | void): void {
    this.tasks.push(task);
  }

  async run(): Promise<void> {
    for (const task of this.tasks.splice(0).reverse()) await task();
  }

  tempDir(prefix: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `rt-${prefix}-`));
    this.add(() => fs.rmSync(dir, { recursive: true, force: true }));
    return dir;
  }
}

/** A runtime on a fresh (or given) data folder whose worker messages and events are recorded. */
export function startHarness(
  cleanups: Cleanups,
  options: RuntimeOptions & { dataDir?: string } = {},
): Harness {
  const dataDir = options.dataDir ?? cleanups.tempDir('watchdog-data');
  const sent: Harness['sent'] = [];
  const spawn: SpawnWorker = (env) => {
    const channel = forkWorker(env);
    return {
      get pid() {
        return channel.pid;
      },
      postMessage: (message) => {
        sent.push({ atMs: Date.now(), pid: channel.pid, message });
        channel.postMessage(message);
      },
      onMessage: (listener) => channel.onMessage(listener),
      onExit: (listener) => channel.onExit(listener),
      kill: () => channel.kill(),
    };
  };
  const runtime = new StudioRuntime({
    spawnWorker: spawn,
    ...options,
    dataDir,
    env: { ROUNDTABLE_FAULTS: '', ROUNDTABLE_FAULTS_STATE: '', ...options.env },
  });
  const harness: Harness = { runtime, dataDir, actions: [], progress: [], resources: [], sent };
  const offs = [
    runtime.watchdog.events.on('action', (action) => harness.actions.push(action)),
    runtime.watchdog.events.on('resources', (snapshot) => harness.resources.push(snapshot)),
    runtime.render.events.on('progress', (event) => harness.progress.push(event)),
  ];
  cleanups.add(async () => {
    offs.forEach((off) => off());
    await runtime.dispose();
  });
  return harness;
}

/** Renders the requests as one job; resolves with the takes and each turn's PCM (empty when it failed). */
export async function renderJob(
  harness: Harness,
  requests: TakeRequest[],
): Promise<{ takes: Map<string, TakeMeta>; audio: Float32Array[] }> {
  const store = harness.runtime.scratchTakeStore();
  const takes = await harness.runtime.render.startJob(store, requests).done;
  const audio = await Promise.all(
    requests.map(async (request) => {
      const take = takes.get(request.segmentId);
      return take ? (await store.read(take.hash)).pcm : new Float32Array(0);
    }),
  );
  return { takes, audio };
}

export const espeakVoice = (voice: string, ratePercent = 100): VoiceRef => ({
  engine: 'espeak',
  voice,
  params: { ratePercent, pitchSemitones: 0 },
});

/** Turns of one or two sentences, each different (so none comes from the cache). */
export function espeakTurns(count: number, prefix = 'turn'): TakeRequest[] {
  const voices = [espeakVoice('en-us+m3'), espeakVoice('en-gb-x-rp+m6', 110)];
  return Array.from({ length: count }, (_, index) => ({
    segmentId: `${prefix}-${index + 1}`,
    text: `This is ${prefix} number ${index + 1} of the show. We keep talking about sound.`,
    voice: voices[index % voices.length]!,
  }));
}

/** Action kinds in order, for compact assertions. */
export function kinds(actions: WatchdogAction[]): string[] {
  return actions.map((action) => action.action);
}
