/**
 * One job of turns: planned and rendered in order, up to the engine's parallelCalls at once, each stored
 * while the next renders, and reported in turn order. A full disk stops the job at the first take that does
 * not fit (the turns after it are cancelled); every other failure is its turn's alone.
 */
import type { RenderProgress } from '../../../shared/api/studio-api';
import { isDiskFullError } from '../files/write-errors';
import type { Logger } from '../util/logger';
import { Lanes } from './lanes';
import { turnError } from './render-failures';
import type { TakeRequest } from './render-types';
import { RenderCancelledError } from './render-types';
import type { RenderPlan, TakePlan } from './take-plan';
import { takeOf, type TakeMeta, type TakeStore } from './take-store';

export interface RenderJobContext {
  jobId: string;
  controller: AbortController;
  store: TakeStore;
  requests: TakeRequest[];
  logger: Logger;
  plan: (store: TakeStore, request: TakeRequest) => Promise<TakePlan>;
  render: (
    store: TakeStore,
    request: TakeRequest,
    plan: RenderPlan,
    signal: AbortSignal,
  ) => Promise<{ stored: Promise<TakeMeta>; cached: boolean }>;
  progress: (event: RenderProgress) => void;
}

export async function runRenderJob(context: RenderJobContext): Promise<Map<string, TakeMeta>> {
  const { jobId, controller, store, requests, logger } = context;
  const results = new Map<string, TakeMeta>();
  const totalCount = requests.length;
  let doneCount = 0;
  const emit = (segmentId: string, status: RenderProgress['status'], extra: Partial<RenderProgress> = {}) =>
    context.progress({ jobId, segmentId, status, doneCount, totalCount, ...extra });
  for (const request of requests) emit(request.segmentId, 'queued');
  // A finished turn is stored while the worker already renders the next one; its outcome is reported
  // once stored, in turn order.
  let reported: Promise<void> = Promise.resolve();
  // A full disk is not a turn's failure: no later take fits either. The first one stops the job; its turn
  // is reported failed with what to free, every turn after it cancelled.
  let diskFull: unknown = null;
  const stopIfDiskFull = (error: unknown) => {
    if (diskFull !== null || !isDiskFullError(error)) return;
    diskFull = error;
    controller.abort();
  };
  const fail = (request: TakeRequest, error: unknown) => {
    doneCount += 1;
    if (error === diskFull) {
      const apiError = turnError(error);
      logger.info(`render stopped at turn ${request.segmentId}: ${apiError.message}`);
      emit(request.segmentId, 'failed', { error: apiError });
    } else if (error instanceof RenderCancelledError || controller.signal.aborted) {
      emit(request.segmentId, 'cancelled');
    } else {
      const apiError = turnError(error);
      // The caller reports it with the turn's place in the script (progress event); the log is for diagnosis.
      logger.info(`turn ${request.segmentId} failed: ${apiError.message}`);
      emit(request.segmentId, 'failed', { error: apiError });
    }
  };
  // Turns render in order, up to the engine's parallelCalls at once (espeak: one per thread; models one at
  // a time, so a model turn waits for all before it).
  const lanes = new Lanes();
  const signal = controller.signal;
  // Takes still being written (after their synthesis). A turn starts once at most its engine's
  // parallelCalls are, so a slow disk slows the render instead of piling takes up in memory.
  const storing: Promise<unknown>[] = [];
  for (const request of requests) {
    if (signal.aborted) {
      await reported;
      emit(request.segmentId, 'cancelled');
      continue;
    }
    let outcome: Promise<() => void>;
    try {
      const plan = await context.plan(store, request);
      if (plan.cached === false) {
        while (storing.length > plan.parallelCalls) await storing.shift();
        await lanes.acquire(plan.parallelCalls);
      }
      emit(request.segmentId, 'rendering');
      const synthesized =
        plan.cached === false
          ? context.render(store, request, plan, signal).finally(() => lanes.release())
          : Promise.resolve({ stored: Promise.resolve(plan.meta), cached: true });
      storing.push(synthesized.then(({ stored }) => stored).catch(() => undefined));
      outcome = synthesized.then(
        async ({ stored, cached }) => {
          const meta = await stored;
          return () => {
            results.set(request.segmentId, meta);
            doneCount += 1;
            emit(request.segmentId, cached ? 'cached' : 'done', {
              take: takeOf(meta),
              ...(meta.renderedBy?.length ? { renderedBy: meta.renderedBy.join(', ') } : {}),
            });
          };
        },
        (error: unknown) => {
          stopIfDiskFull(error);
          return () => fail(request, error);
        },
      );
    } catch (error) {
      stopIfDiskFull(error);
      outcome = Promise.resolve(() => fail(request, error));
    }
    // Reported in turn order, whichever finishes first.
    const settled = outcome.catch((error: unknown) => {
      stopIfDiskFull(error);
      return () => fail(request, error);
    });
    reported = reported.then(async () => (await settled)());
  }
  await reported;
  return results;
}
