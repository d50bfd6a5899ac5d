/** One export at a time: its options, progress, ETA and result files. */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ExportOptions, ExportProgress, ExportSummary, StudioApi } from '../../../shared/api/studio-api';
import type { Project } from '../../../shared/model/project';
import { toUserError, type UserError } from './user-error';
import { counted } from '../../../shared/text/plural';

export type ExportPhase = ExportProgress['phase'];

export interface ExportState {
  jobId: string | null;
  running: boolean;
  phase: ExportPhase | null;
  fraction: number;
  etaMs: number | null;
  /** 2 or more while the episode is encoded again (loudness correction). */
  encodePass: number | null;
  startedAtMs: number | null;
  files: string[];
  /** What the finished export measured and checked. */
  summary: ExportSummary | null;
  error: UserError | null;
}

export type ExportStore = StoreApi<ExportState>;

const IDLE: ExportState = {
  jobId: null,
  running: false,
  phase: null,
  fraction: 0,
  etaMs: null,
  encodePass: null,
  startedAtMs: null,
  files: [],
  summary: null,
  error: null,
};

export function createExportStore(): ExportStore {
  return createStore<ExportState>()(() => IDLE);
}

/** Host ETA when it gives one, else a linear estimate from the time spent so far. */
export function estimateEtaMs(fraction: number, elapsedMs: number, hostEtaMs: number | null): number | null {
  if (hostEtaMs !== null) return hostEtaMs;
  if (fraction <= 0.02 || elapsedMs <= 0) return null;
  return Math.round((elapsedMs * (1 - fraction)) / fraction);
}

type ExportApi = Pick<StudioApi, 'startExport' | 'cancelExport' | 'onExportProgress'>;

/**
 * Renders the turns an export still needs and hands back the project with their takes (null: the project
 * closed). `failed` turns did not render; `cancel` stops that rendering.
 */
export interface PendingRenders {
  render(): Promise<{ project: Project | null; failed: number }>;
  cancel(): Promise<void>;
}

export class ExportController {
  private readonly unsubscribe: () => void;
  /** Events that arrived before startExport answered, by job id. */
  private readonly early = new Map<string, ExportProgress[]>();
  /** Rendering the turns the export needs, and whether the user cancelled that. */
  private renderingTurns = false;
  private cancelRequested = false;

  constructor(
    private readonly api: ExportApi,
    readonly store: ExportStore,
    private readonly now: () => number = Date.now,
    /** Without it, the project must have every take already (the host refuses otherwise). */
    private readonly pending: PendingRenders | null = null,
  ) {
    this.unsubscribe = api.onExportProgress((progress) => this.handleProgress(progress));
  }

  dispose(): void {
    this.unsubscribe();
  }

  reset(): void {
    if (!this.store.getState().running) this.store.setState(IDLE);
  }

  async start(dir: string, project: Project, options: Partial<ExportOptions>): Promise<void> {
    if (this.store.getState().running) return;
    this.store.setState({ ...IDLE, running: true, phase: 'rendering', startedAtMs: this.now() });
    let exported = project;
    if (this.pending) {
      // Unrendered and stale turns are rendered first (the dialog says so), then the result is exported.
      this.renderingTurns = true;
      const { project: rendered, failed } = await this.pending.render().finally(() => {
        this.renderingTurns = false;
      });
      if (this.cancelRequested || rendered === null) {
        this.store.setState({ running: false, phase: 'cancelled' });
        this.cancelRequested = false;
        return;
      }
      if (failed > 0) {
        this.store.setState({
          running: false,
          phase: 'failed',
          error: {
            message: `${counted(failed, 'turn')} could not be rendered, so nothing was exported.`,
            hint: 'The turn list shows which and why; fix them, then export again.',
          },
        });
        return;
      }
      exported = rendered;
    }
    try {
      const { jobId } = await this.api.startExport({ dir, project: exported, options });
      this.store.setState({ jobId });
      for (const progress of this.early.get(jobId) ?? []) this.handleProgress(progress);
      this.early.clear();
    } catch (error) {
      this.store.setState({
        running: false,
        phase: 'failed',
        error: toUserError(error, 'Check the export settings and that the project folder is writable.'),
      });
    }
  }

  async cancel(): Promise<void> {
    if (this.renderingTurns && this.pending) {
      this.cancelRequested = true;
      await this.pending.cancel();
      return;
    }
    const { jobId, running } = this.store.getState();
    if (!jobId || !running) return;
    try {
      await this.api.cancelExport({ jobId });
    } catch (error) {
      this.store.setState({ error: toUserError(error) });
    }
  }

  handleProgress(progress: ExportProgress): void {
    const state = this.store.getState();
    if (state.jobId === null && state.running) {
      this.early.set(progress.jobId, [...(this.early.get(progress.jobId) ?? []), progress]);
      return;
    }
    if (progress.jobId !== state.jobId) return;
    const finished =
      progress.phase === 'done' || progress.phase === 'failed' || progress.phase === 'cancelled';
    const elapsed = state.startedAtMs === null ? 0 : this.now() - state.startedAtMs;
    this.store.setState({
      phase: progress.phase,
      fraction: progress.fraction,
      etaMs: finished ? null : estimateEtaMs(progress.fraction, elapsed, progress.etaMs),
      encodePass: progress.encodePass ?? null,
      files: progress.files.length > 0 ? progress.files : state.files,
      summary: progress.summary ?? state.summary,
      running: !finished,
      error: progress.error
        ? toUserError(progress.error, 'Fix the problem and start the export again.')
        : state.error,
    });
  }
}
