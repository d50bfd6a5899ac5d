/**
 * Times each model's render in its worker, for the plan's time estimates (watchdog/render-time-model.ts):
 * from the model's cold start (its first chunk after a load, which carries the engine's start-up), with a
 * checkpoint after every chunk, until a long pause or the next cold start. What it has is written to the
 * estimate store at most once per sampling interval, and the rest on `flush` at shutdown.
 */
import { randomUUID } from 'node:crypto';
import type { ExecutionProvider } from '../../../shared/protocol/worker-protocol';
import type { Logger } from '../util/logger';
import type { EstimateStore } from '../watchdog';
import type { RenderTiming } from '../watchdog/render-time-model';
import { halfway } from '../watchdog/render-time-model';

/**
 * A pause this long between one chunk's end and the next one's start ends a render's timing: the engine
 * sat idle (the studio between two renders, a wait for memory), which says nothing about its speed.
 */
export const RENDER_GAP_MS = 3000;

type TimingStore = Pick<EstimateStore, 'recordRender'>;

/** A model's render being timed. */
interface RenderProgress {
  modelId: string;
  provider: ExecutionProvider;
  id: string;
  /** When its first chunk started and its last one ended. */
  startedAt: number;
  lastEndAt: number;
  chars: number;
  /** Characters done and time since the start, after each chunk. */
  checkpoints: { chars: number; ms: number }[];
  /** When it was last written to the store, and how far it stood. */
  recordedAt: number;
  recordedChars: number;
}

export class RenderTimer {
  /** Per model and provider (`modelId|provider`). */
  private readonly renders = new Map<string, RenderProgress>();

  constructor(private readonly deps: { intervalMs: number; now: () => number; logger: Logger }) {}

  /** A chunk starts: a cold one starts timing afresh; one after a long pause ends the timing. */
  chunkStarted(
    store: TimingStore,
    key: string,
    model: { modelId: string; provider: ExecutionProvider },
    cold: boolean,
  ): void {
    const now = this.deps.now();
    const render = this.renders.get(key);
    if (render && (cold || now - render.lastEndAt > RENDER_GAP_MS)) {
      this.record(store, render, now);
      this.renders.delete(key);
    }
    if (cold)
      this.renders.set(key, {
        ...model,
        id: randomUUID(),
        startedAt: now,
        lastEndAt: now,
        chars: 0,
        checkpoints: [],
        recordedAt: -Infinity,
        recordedChars: 0,
      });
  }

  /** A chunk of `chars` characters finished: a checkpoint. */
  chunkFinished(store: TimingStore, key: string, chars: number): void {
    const render = this.renders.get(key);
    if (!render) return;
    const now = this.deps.now();
    render.chars += chars;
    render.lastEndAt = now;
    render.checkpoints.push({ chars: render.chars, ms: now - render.startedAt });
    if (now - render.recordedAt >= this.deps.intervalMs) this.record(store, render, now);
  }

  /** Writes every render being timed as it stands. */
  flush(store: TimingStore): void {
    const now = this.deps.now();
    for (const render of this.renders.values()) this.record(store, render, now);
  }

  private record(store: TimingStore, render: RenderProgress, now: number): void {
    if (render.chars === 0 || render.chars === render.recordedChars) return;
    render.recordedAt = now;
    render.recordedChars = render.chars;
    store
      .recordRender(render.modelId, render.provider, renderTiming(render))
      .catch((error: unknown) => this.deps.logger.warn(`saving a render timing failed: ${String(error)}`));
  }
}

/** Where a render stands: its last checkpoint, and its point nearest half-way. */
function renderTiming(render: RenderProgress): Omit<RenderTiming, 'atMs'> {
  const last = render.checkpoints[render.checkpoints.length - 1] ?? { chars: 0, ms: 0 };
  const half = halfway(render.checkpoints);
  return { id: render.id, ...last, halfChars: half.chars, halfMs: half.ms };
}
