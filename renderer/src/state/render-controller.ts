/**
 * Sends turns to the host for rendering and folds progress events back into the document and the render
 * store. Progress for a job can arrive before `renderTakes` has answered with its id, so events of unknown
 * jobs are held briefly and replayed once the job is known.
 */
import { turnRequestFor, type TurnRequest } from '../../../shared/model/turn-request';
import type { RenderProgress, StudioApi } from '../../../shared/api/studio-api';
import type { Take } from '../../../shared/model/project';
import type { VoiceRef } from '../../../shared/model/voice';
import type { DocumentStore } from './document-store';
import { selectProject } from './document-store';
import { isActive, type RenderEntry, type RenderJob, type RenderStore } from './render-store';
import { isTakeStale, segmentSignature } from './take-index';
import { takeSignature } from './take-signature';
import { toUserError, type UserError } from './user-error';

type RenderApi = Pick<StudioApi, 'renderTakes' | 'cancelRender' | 'onRenderProgress'>;

interface PendingRequest {
  signature: string;
  /** The written text (the take's origin); the host was sent the spoken one. */
  text: string;
}

interface OneShot {
  resolve(take: Take): void;
  reject(error: UserError): void;
}

const MAX_BUFFERED_EVENTS = 5000;
const MAX_JOBS_LISTED = 20;

export interface RenderControllerOptions {
  api: RenderApi;
  documents: DocumentStore;
  renders: RenderStore;
  onError: (error: UserError) => void;
  now?: () => number;
}

export class RenderController {
  private readonly api: RenderApi;
  private readonly documents: DocumentStore;
  private readonly renders: RenderStore;
  private readonly onError: (error: UserError) => void;
  private readonly now: () => number;
  /** `${jobId}\n${segmentId}` → what was sent. */
  private readonly requests = new Map<string, PendingRequest>();
  private readonly oneShots = new Map<string, OneShot>();
  private readonly knownJobs = new Set<string>();
  private readonly buffered = new Map<string, RenderProgress[]>();
  private bufferedCount = 0;
  private readonly unsubscribe: () => void;

  constructor(options: RenderControllerOptions) {
    this.api = options.api;
    this.documents = options.documents;
    this.renders = options.renders;
    this.onError = options.onError;
    this.now = options.now ?? Date.now;
    this.unsubscribe = this.api.onRenderProgress((progress) => this.handleProgress(progress));
  }

  dispose(): void {
    this.unsubscribe();
    for (const shot of this.oneShots.values())
      shot.reject({ message: 'Rendering stopped: the project was closed.' });
    this.oneShots.clear();
  }

  /** Every turn that is unrendered or stale, is not locked and is not already queued. */
  pendingSegmentIds(): string[] {
    const state = this.documents.getState();
    const project = selectProject(state);
    if (!project) return [];
    const { bySegment } = this.renders.getState();
    const ids: string[] = [];
    for (const segment of project.segments) {
      if (segment.locked) continue;
      const signature = segmentSignature(project, segment);
      if (signature === null || isActive(bySegment[segment.id], signature)) continue;
      if (!segment.take || isTakeStale(state.takeIndex, segment.take, signature)) ids.push(segment.id);
    }
    return ids;
  }

  /** Renders every stale or unrendered turn. Resolves to the number of turns queued. */
  async renderAll(): Promise<number> {
    const ids = this.pendingSegmentIds();
    if (ids.length === 0) return 0;
    await this.renderSegments(ids, { force: false });
    return ids.length;
  }

  /**
   * Renders every stale or unrendered turn and waits for them: how many turns did not end with a take
   * (failed or cancelled). Used before an export, which needs every turn.
   */
  async renderPendingAndWait(): Promise<{ failed: number }> {
    const ids = this.pendingSegmentIds();
    if (ids.length === 0) return { failed: 0 };
    const jobId = await this.renderSegments(ids, { force: false });
    if (jobId === null) return { failed: ids.length };
    await new Promise<void>((resolve) => {
      const finished = () =>
        this.renders.getState().jobs.find((job) => job.jobId === jobId)?.finished !== false;
      if (finished()) return resolve();
      const unsubscribe = this.renders.subscribe(() => {
        if (!finished()) return;
        unsubscribe();
        resolve();
      });
    });
    const { bySegment } = this.renders.getState();
    const failed = ids.filter((id) => {
      const status = bySegment[id]?.status;
      return status !== 'done' && status !== 'cached';
    }).length;
    return { failed };
  }

  /** Queues the given turns (locked ones are skipped). Resolves to the job id, or null when nothing was sent. */
  async renderSegments(segmentIds: string[], options: { force: boolean }): Promise<string | null> {
    const { dir } = this.documents.getState();
    const project = selectProject(this.documents.getState());
    if (!dir || !project) return null;
    const wanted = new Set(segmentIds);
    const requests: Array<TurnRequest & { force: boolean }> = [];
    const sent: Array<{ segmentId: string } & PendingRequest> = [];
    for (const segment of project.segments) {
      if (!wanted.has(segment.id) || segment.locked) continue;
      // The engine gets the words as they are to be said; the take remembers the words as written.
      const request = turnRequestFor(project, segment);
      if (!request) continue;
      requests.push({ ...request, force: options.force });
      sent.push({
        segmentId: segment.id,
        signature: takeSignature(request.text, request.voice),
        text: segment.text,
      });
    }
    if (requests.length === 0) return null;
    this.setEntries(sent.map((r) => [r.segmentId, { jobId: '', status: 'queued', signature: r.signature }]));
    let jobId: string;
    try {
      ({ jobId } = await this.api.renderTakes({ dir, requests }));
    } catch (error) {
      this.setEntries(
        sent.map((r) => [
          r.segmentId,
          {
            jobId: '',
            status: 'failed',
            signature: r.signature,
            error: { code: 'request', ...toUserError(error) },
          },
        ]),
      );
      this.onError(
        toUserError(error, 'Check that the voice engines are available, then press Render all again.'),
      );
      return null;
    }
    for (const r of sent)
      this.requests.set(`${jobId}\n${r.segmentId}`, { signature: r.signature, text: r.text });
    this.setEntries(sent.map((r) => [r.segmentId, { jobId, status: 'queued', signature: r.signature }]));
    const job: RenderJob = {
      jobId,
      segmentIds: sent.map((r) => r.segmentId),
      doneCount: 0,
      settledCount: 0,
      totalCount: sent.length,
      startedAtMs: this.now(),
      finished: false,
    };
    this.renders.setState((s) => ({ jobs: [...s.jobs, job].slice(-MAX_JOBS_LISTED) }));
    this.registerJob(jobId);
    return jobId;
  }

  /** Renders one piece of text outside the document (a voice audition) and resolves with its take. */
  async renderOnce(key: string, text: string, voice: VoiceRef): Promise<Take> {
    const dir = this.documents.getState().dir;
    if (!dir)
      throw { message: 'Open a project first.', hint: 'Auditions are rendered into the project folder.' };
    const { jobId } = await this.api.renderTakes({
      dir,
      requests: [{ segmentId: key, text, voice, force: false }],
    });
    const result = new Promise<Take>((resolve, reject) => this.oneShots.set(jobId, { resolve, reject }));
    this.registerJob(jobId);
    return result;
  }

  async cancelAll(): Promise<void> {
    const running = this.renders.getState().jobs.filter((j) => !j.finished);
    await Promise.all(
      running.map((job) =>
        this.api
          .cancelRender({ jobId: job.jobId })
          .catch((error: unknown) => this.onError(toUserError(error))),
      ),
    );
  }

  /** Drops finished jobs from the queue list. */
  clearFinished(): void {
    this.renders.setState((s) => ({ jobs: s.jobs.filter((j) => !j.finished) }));
  }

  handleProgress(progress: RenderProgress): void {
    if (!this.knownJobs.has(progress.jobId)) {
      if (this.bufferedCount >= MAX_BUFFERED_EVENTS) return;
      const list = this.buffered.get(progress.jobId) ?? [];
      list.push(progress);
      this.buffered.set(progress.jobId, list);
      this.bufferedCount++;
      return;
    }
    const shot = this.oneShots.get(progress.jobId);
    if (shot) {
      this.settleOneShot(progress, shot);
      return;
    }
    const key = `${progress.jobId}\n${progress.segmentId}`;
    const request = this.requests.get(key);
    if (!request) return;
    if ((progress.status === 'done' || progress.status === 'cached') && progress.take) {
      this.documents
        .getState()
        .applyRenderedTake(progress.segmentId, request.signature, request.text, progress.take);
    }
    const terminal = progress.status !== 'queued' && progress.status !== 'rendering';
    const settled = terminal && this.requests.delete(key) ? 1 : 0;
    this.renders.setState((s) => {
      const current = s.bySegment[progress.segmentId];
      // A newer request for this turn owns its entry.
      const owns = !current || current.jobId === progress.jobId;
      const bySegment = owns
        ? {
            ...s.bySegment,
            [progress.segmentId]: {
              jobId: progress.jobId,
              status: progress.status,
              signature: request.signature,
              error: progress.error,
            },
          }
        : s.bySegment;
      const jobs = s.jobs.map((job) =>
        job.jobId === progress.jobId ? settleJob(job, progress, settled) : job,
      );
      return { bySegment, jobs };
    });
    if (progress.status === 'failed' && progress.error) {
      this.onError({ message: progress.error.message, hint: progress.error.hint, code: progress.error.code });
    }
  }

  private settleOneShot(progress: RenderProgress, shot: OneShot): void {
    if ((progress.status === 'done' || progress.status === 'cached') && progress.take) {
      this.oneShots.delete(progress.jobId);
      shot.resolve(progress.take);
    } else if (progress.status === 'failed' || progress.status === 'cancelled') {
      this.oneShots.delete(progress.jobId);
      shot.reject(
        progress.error
          ? toUserError(progress.error)
          : { message: 'The audition was cancelled.', hint: 'Press the audition button again.' },
      );
    }
  }

  private registerJob(jobId: string): void {
    this.knownJobs.add(jobId);
    const held = this.buffered.get(jobId);
    if (!held) return;
    this.buffered.delete(jobId);
    this.bufferedCount -= held.length;
    for (const progress of held) this.handleProgress(progress);
  }

  private setEntries(entries: Array<[string, RenderEntry]>): void {
    this.renders.setState((s) => {
      const bySegment = { ...s.bySegment };
      for (const [id, entry] of entries) bySegment[id] = entry;
      return { bySegment };
    });
  }
}

function settleJob(job: RenderJob, progress: RenderProgress, settled: number): RenderJob {
  const totalCount = progress.totalCount || job.totalCount;
  const settledCount = job.settledCount + settled;
  const doneCount = Math.max(job.doneCount, progress.doneCount);
  return {
    ...job,
    doneCount,
    totalCount,
    settledCount,
    finished: job.finished || doneCount >= totalCount || settledCount >= job.segmentIds.length,
  };
}
