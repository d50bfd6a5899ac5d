/** Turns "play this turn / from here / everything" into player runs, and mirrors the player into a store. */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Project } from '../../../shared/model/project';
import { speakerGainFactors } from '../../../shared/model/speaker-levels';
import type { DocumentStore } from '../state/document-store';
import { selectProject } from '../state/document-store';
import { computeLayout, turnAtTime } from '../timeline/timeline-layout';
import type { GainControl } from './gain-output';
import {
  SequentialPlayer,
  type MediaLike,
  type PlaybackItem,
  type PlayerClock,
  type PlayerStatus,
  type PlayOptions,
  type PlayerVoice,
} from './sequential-player';
import type { TakeUrlCache } from './take-url-cache';
import type { TakePeakData } from '../../../shared/model/bed-preview';
import { bedUrlPath } from '../../../shared/api/take-url';
import { planBeds, programEndMs, type PlannedBed } from './bed-plan';
import { BedPlayer, type BedVoice } from './bed-player';

/** What the preview needs to play beds under the timeline (without it, only the speech plays). */
export interface BedPreviewDeps {
  createVoice(bed: PlannedBed): BedVoice;
  /** A take's peaks if loaded; asks for them otherwise (the plan is made again when they come). */
  peaksOf(dir: string, hash: string): TakePeakData | undefined;
  /** Calls `listener` when peaks arrive; returns the unsubscribe. */
  onPeaks(listener: () => void): () => void;
}

export interface PlaybackState {
  status: PlayerStatus;
  /** The turn being played (or waited for in its gap). */
  segmentId: string | null;
  /** Playhead on the timeline, ms: follows playback, stays where it stopped. */
  positionMs: number;
  /** What is playing: one turn only, or on through the project. */
  mode: 'turn' | 'sequence' | null;
  /** The loop range set on the timeline (Shift+drag on the ruler), ms; null when none. */
  loopRange: { fromMs: number; toMs: number } | null;
  /** Playing a range again and again. */
  looping: boolean;
}

/** How often, at most, the beds' plan is made again while peaks arrive or beds are edited. */
const REPLAN_MS = 200;

/** The shortest loop range: a shorter drag on the ruler is a click. */
export const MIN_LOOP_MS = 100;

export type PlaybackStore = StoreApi<PlaybackState>;

/** Playback items for turns [from, to) of a project. */
export function playbackItems(project: Project, from: number, to: number): PlaybackItem[] {
  const layout = computeLayout(project);
  const gains = speakerGainFactors(project);
  const items: PlaybackItem[] = [];
  for (let i = Math.max(0, from); i < Math.min(to, project.segments.length); i++) {
    const segment = project.segments[i]!;
    const startMs = layout.startMs[i] ?? 0;
    items.push({
      segmentId: segment.id,
      startMs,
      gapBeforeMs: startMs - (layout.gapStartMs[i] ?? startMs),
      durationMs: layout.durationMs[i] ?? 0,
      hash: segment.take?.hash ?? null,
      gain: gains.get(segment.speakerId) ?? 1,
      trimStartMs: segment.trimStartMs ?? 0,
      fadeInMs: segment.fadeInMs ?? 0,
      fadeOutMs: segment.fadeOutMs ?? 0,
    });
  }
  return items;
}

export class PlaybackController {
  readonly store: PlaybackStore;
  private readonly player: SequentialPlayer;
  private readonly unsubscribeDocuments: () => void;
  /** The beds under the timeline's playback (none without BedPreviewDeps). */
  readonly beds: BedPlayer | null;
  private readonly unsubscribePeaks: () => void;
  private replanTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly documents: DocumentStore,
    urls: TakeUrlCache,
    media: MediaLike,
    clock: PlayerClock,
    onError: (message: string) => void,
    output: GainControl,
    overlay?: PlayerVoice,
    private readonly bedDeps?: BedPreviewDeps,
  ) {
    this.beds = bedDeps
      ? new BedPlayer(
          (bed) => bedDeps.createVoice(bed),
          (hash) => {
            const dir = this.documents.getState().dir;
            return dir ? bedUrlPath(dir, hash) : null;
          },
          onError,
        )
      : null;
    this.unsubscribePeaks = bedDeps?.onPeaks(() => this.replanSoon()) ?? (() => {});
    this.store = createStore<PlaybackState>()(() => ({
      status: 'stopped',
      segmentId: null,
      positionMs: 0,
      mode: null,
      loopRange: null,
      looping: false,
    }));
    this.player = new SequentialPlayer(
      media,
      (hash) => {
        const dir = this.documents.getState().dir;
        return dir ? urls.get(dir, hash) : Promise.reject(new Error('no project'));
      },
      clock,
      {
        onState: (state) => {
          // Beds play under the timeline (not under one turn's preview), wherever it is.
          if (state.status === 'stopped' || this.store.getState().mode !== 'sequence') this.beds?.stop();
          else this.beds?.update(state.positionMs);
          this.store.setState({
            status: state.status,
            segmentId: state.segmentId,
            positionMs: state.positionMs,
            ...(state.status === 'stopped' ? { mode: null, looping: false } : {}),
          });
        },
        onError,
      },
      output,
      overlay,
    );
    // A level changed while playing is heard at once, not only from the next play; so is a bed's edit.
    this.unsubscribeDocuments = documents.subscribe((state, previous) => {
      const project = selectProject(state);
      if (project && project.beds !== selectProject(previous)?.beds) this.replanSoon();
      if (!project || project.speakers === selectProject(previous)?.speakers) return;
      if (this.store.getState().status === 'stopped') return;
      const gains = speakerGainFactors(project);
      const speakerOf = new Map(project.segments.map((s) => [s.id, s.speakerId]));
      this.player.updateGains((segmentId) => {
        const speakerId = speakerOf.get(segmentId);
        return speakerId === undefined ? undefined : gains.get(speakerId);
      });
    });
  }

  private project(): Project | null {
    return selectProject(this.documents.getState());
  }

  private indexOf(segmentId: string): number {
    return this.project()?.segments.findIndex((s) => s.id === segmentId) ?? -1;
  }

  /** Plays one turn. Returns false when it has no audio yet. */
  playTurn(segmentId: string): boolean {
    const project = this.project();
    const index = this.indexOf(segmentId);
    if (!project || index < 0 || !project.segments[index]?.take) return false;
    this.store.setState({ mode: 'turn' });
    this.player.play(playbackItems(project, index, index + 1));
    return true;
  }

  /** Plays from the start of a turn to the end of the project. */
  playFrom(segmentId: string): boolean {
    const project = this.project();
    const index = this.indexOf(segmentId);
    if (!project || index < 0) return false;
    const items = playbackItems(project, index, project.segments.length);
    if (!items.some((i) => i.hash)) return false;
    this.store.setState({ mode: 'sequence' });
    this.player.play(items, this.withBeds(project, {}));
    return true;
  }

  playAll(): boolean {
    const project = this.project();
    if (!project) return false;
    const items = playbackItems(project, 0, project.segments.length);
    if (!items.some((i) => i.hash)) return false;
    this.store.setState({ mode: 'sequence' });
    this.player.play(items, this.withBeds(project, { includeFirstGap: true }));
    return true;
  }

  /** Plays from a point on the timeline (inside a turn: from that point of its audio). */
  playFromMs(positionMs: number): boolean {
    const project = this.project();
    if (!project) return false;
    const layout = computeLayout(project);
    const inOutro = this.beds !== null && positionMs < programEndMs(project);
    if (turnAtTime(layout, positionMs) < 0 && !inOutro) return this.playAll();
    const items = playbackItems(project, 0, project.segments.length);
    if (!items.some((i) => i.hash)) return false;
    this.store.setState({ mode: 'sequence', looping: false });
    this.player.play(items, this.withBeds(project, { fromMs: positionMs }));
    return true;
  }

  /** Sets (or clears) the loop range; a range shorter than MIN_LOOP_MS clears it. */
  setLoopRange(range: { fromMs: number; toMs: number } | null): void {
    const fromMs = range ? Math.max(0, Math.round(Math.min(range.fromMs, range.toMs))) : 0;
    const toMs = range ? Math.round(Math.max(range.fromMs, range.toMs)) : 0;
    const loopRange = range && toMs - fromMs >= MIN_LOOP_MS ? { fromMs, toMs } : null;
    this.store.setState({ loopRange });
    if (this.store.getState().looping) {
      if (loopRange) this.startLoop(loopRange);
      else this.stop();
    }
  }

  /**
   * The loop button and Shift+L: stops a loop that plays; else loops the range set on the timeline, or
   * the selected turn (from its gap to its end) when there is none. False when there is nothing to loop.
   */
  toggleLoop(selectedSegmentId: string | null): boolean {
    if (this.store.getState().looping) {
      this.stop();
      return true;
    }
    const range = this.store.getState().loopRange ?? this.turnRange(selectedSegmentId);
    return range ? this.startLoop(range) : false;
  }

  private turnRange(segmentId: string | null): { fromMs: number; toMs: number } | null {
    const project = this.project();
    const index = segmentId ? this.indexOf(segmentId) : -1;
    if (!project || index < 0) return null;
    const layout = computeLayout(project);
    const startMs = layout.startMs[index] ?? 0;
    return { fromMs: layout.gapStartMs[index] ?? startMs, toMs: startMs + (layout.durationMs[index] ?? 0) };
  }

  private startLoop(range: { fromMs: number; toMs: number }): boolean {
    const project = this.project();
    if (!project) return false;
    const items = playbackItems(project, 0, project.segments.length);
    if (!items.some((i) => i.hash)) return false;
    this.store.setState({ mode: 'sequence', looping: true });
    this.player.play(items, this.withBeds(project, { loop: range }));
    return true;
  }

  /** Space bar: stop when playing, else play from the playhead (or from the start when it is at the end). */
  toggle(): boolean {
    if (this.store.getState().status !== 'stopped') {
      this.stop();
      return true;
    }
    const project = this.project();
    if (!project) return false;
    const { positionMs } = this.store.getState();
    return positionMs > 0 && positionMs < this.totalMs(project)
      ? this.playFromMs(positionMs)
      : this.playAll();
  }

  stop(): void {
    if (this.store.getState().status !== 'stopped') this.player.stop();
  }

  /** Moves the playhead; playback continues from there when it was running. */
  seek(positionMs: number): void {
    const playing = this.store.getState().status !== 'stopped';
    this.store.setState({ positionMs: Math.max(0, Math.round(positionMs)) });
    if (playing) this.playFromMs(positionMs);
  }

  /**
   * J and L: the playhead back or on by `deltaMs`, kept inside the episode; playback continues from
   * there when it was running.
   */
  seekBy(deltaMs: number): void {
    const project = this.project();
    if (!project) return;
    const target = Math.max(0, Math.min(this.totalMs(project), this.store.getState().positionMs + deltaMs));
    this.seek(target);
  }

  /** L: play from the playhead when stopped; when playing, skip on. */
  shuttleForward(stepMs: number): boolean {
    if (this.store.getState().status === 'stopped') return this.toggle();
    this.seekBy(stepMs);
    return true;
  }

  /** The length of what plays: the speech, or with beds the programme (an outro plays on after it). */
  private totalMs(project: Project): number {
    return this.beds ? programEndMs(project) : computeLayout(project).totalMs;
  }

  /** Play options with the beds planned under them (when this preview plays beds and the project has any). */
  private withBeds(project: Project, options: PlayOptions): PlayOptions {
    if (!this.beds || !project.beds?.length) {
      this.beds?.setPlan([]);
      return options;
    }
    this.beds.setPlan(this.planFor(project));
    return { ...options, programEndMs: programEndMs(project) };
  }

  private planFor(project: Project): PlannedBed[] {
    const dir = this.documents.getState().dir;
    const deps = this.bedDeps;
    if (!dir || !deps) return [];
    const items = playbackItems(project, 0, project.segments.length);
    return planBeds(project, items, (hash) => deps.peaksOf(dir, hash));
  }

  /** Peaks came in or the beds changed: the beds' plan is made again (at most every REPLAN_MS). */
  private replanSoon(): void {
    if (!this.beds || this.replanTimer !== null) return;
    this.replanTimer = setTimeout(() => {
      this.replanTimer = null;
      const project = this.project();
      if (!project || this.store.getState().status === 'stopped') return;
      this.beds?.setPlan(this.planFor(project));
    }, REPLAN_MS);
  }

  dispose(): void {
    if (this.replanTimer !== null) clearTimeout(this.replanTimer);
    this.unsubscribePeaks();
    this.unsubscribeDocuments();
    this.player.dispose();
    this.beds?.dispose();
  }
}
