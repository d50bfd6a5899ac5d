/**
 * Records an episode while its turns render. A render that ends in an export would otherwise leave the
 * host idle while the worker synthesises, then read every take again to assemble, resample and measure the
 * episode. Instead, each take is offered here as it is finished (in any order); every turn that is now
 * complete from the start of the episode is assembled exactly as the export assembles it (the gap, the take
 * at the project rate, the export rate, the export's channels), written to the export's spool and measured,
 * on a thread of its own (recording/recording-thread.ts) so that the host's main thread stays free to
 * keep the worker busy with the next turn. The export then starts from the finished
 * spool and measurement (see `PreparedEpisode` in export-service.ts).
 *
 * Nothing here decides what the episode is: `finish` hands over the spool only when the project it is given
 * has exactly the takes that were recorded, in order; otherwise the export reads the takes itself.
 */
import type { Worker } from 'node:worker_threads';
import type { Project, Take } from '../../../shared/model/project';
import { convertSamples } from '../../../shared/model/time';
import { trimmedRange } from '../../../shared/model/clip';
import { placeTurn, START_CURSOR, type PlacementCursor } from '../../../shared/model/timeline';
import { episodeTurnKeys, readEpisodeTake, turnKey } from '../render/episode-assembler';
import { speakerGainFactors } from '../../../shared/model/speaker-levels';
import { atSampleRate } from './export-source';
import type { TakeStore } from '../render/take-store';
import { startModuleThread } from '../../threads/module-thread';
import { ownTempFile, removeTempFile } from '../files/temp-files';
import type { LoudnessResult } from './loudness/loudness-meter';
import type { SpoolBitDepth } from './spool-format';
import type { FromRecordingThread, RecordingSetup, ToRecordingThread } from './recording/recording-protocol';

/** Turns handed to the recording thread before it has recorded them, at most. */
const MAX_TURNS_IN_FLIGHT = 3;

export interface RecorderOptions {
  /** The export's rate and channels. */
  sampleRate: number;
  channels: 1 | 2;
  /** Measure loudness on the way (when the export normalises). */
  measure: boolean;
  /** Where the spool goes (beside the export, deleted by whoever owns it last): spoolPathFor(basePath). */
  spoolPath: string;
  /** The spool's sample size: spoolBitDepth(export options). */
  bitDepth: SpoolBitDepth;
}

/** A finished recording of the whole episode, for `exportProject`'s `prepared`. */
export interface PreparedEpisode {
  spoolPath: string;
  bitDepth: SpoolBitDepth;
  sampleRate: number;
  channels: 1 | 2;
  /** Frames in the spool (at `sampleRate`). */
  frames: number;
  /**
   * Every turn's take and speaker level (episodeTurnKeys), in order: the export uses the spool only for
   * exactly these.
   */
  turnKeys: string[];
  /** Loudness of the spool, when it was measured. */
  loudness: LoudnessResult | null;
}

export class EpisodeRecorder {
  private readonly offered = new Map<string, Take>();
  /** episodeTurnKeys of the turns recorded so far. */
  private readonly recordedKeys: string[] = [];
  private thread: Worker | null = null;
  /** Turns sent to the thread and not yet recorded, and who waits for one to be. */
  private inFlight = 0;
  /** Who is told of each turn the thread records. */
  private readonly watchers = new Set<(recorded: number, total: number) => void>();
  private wake: (() => void) | null = null;
  private threadResult: Promise<FromRecordingThread> | null = null;
  private next = 0;
  /** Where the turns recorded so far end (placeTurn), at the recording's rate. */
  private cursor: PlacementCursor = START_CURSOR;
  private draining: Promise<void> = Promise.resolve();
  private failure: unknown = null;
  private handedOver = false;
  private closed = false;

  /** The project at the recording's rate: takes are resampled once, as the export does (atSampleRate). */
  private readonly project: Project;
  private readonly gains: Map<string, number>;

  constructor(
    project: Project,
    private readonly store: TakeStore,
    private readonly options: RecorderOptions,
  ) {
    this.project = atSampleRate(project, options.sampleRate);
    this.gains = speakerGainFactors(project);
    ownTempFile(options.spoolPath);
  }

  /** Turns of the episode, and how many of them the recording thread has recorded so far. */
  get totalTurns(): number {
    return this.project.segments.length;
  }

  get recordedTurns(): number {
    return this.next - this.inFlight;
  }

  /** Calls `watcher` each time a turn is recorded; returns the function that stops it. */
  watch(watcher: (recorded: number, total: number) => void): () => void {
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  /** A turn's take is ready (rendered or from the cache). Turns may arrive in any order. */
  offer(segmentId: string, take: Take): void {
    if (this.closed || this.failure !== null) return;
    this.offered.set(segmentId, take);
    this.draining = this.draining.then(() => this.drain());
  }

  /**
   * Waits for the recording to catch up and hands it over when `project` (the rendered project) has
   * exactly the recorded takes; otherwise returns null and deletes the spool.
   */
  async finish(project: Project): Promise<PreparedEpisode | null> {
    await this.draining;
    const keys = episodeTurnKeys(project);
    const complete =
      this.failure === null &&
      this.next === this.project.segments.length &&
      keys.length === this.recordedKeys.length &&
      keys.every((key, index) => key === this.recordedKeys[index]);
    const result = complete ? await this.finishThread() : null;
    if (!result || result.type !== 'finished') {
      await this.dispose();
      return null;
    }
    this.handedOver = true;
    await this.dispose();
    return {
      spoolPath: this.options.spoolPath,
      bitDepth: this.options.bitDepth,
      sampleRate: this.options.sampleRate,
      channels: this.options.channels,
      frames: result.frames,
      turnKeys: [...this.recordedKeys],
      loudness: result.loudness,
    };
  }

  /** Stops recording, ends the thread and deletes the spool, unless `finish` handed it over. */
  async dispose(): Promise<void> {
    this.closed = true;
    this.release();
    await this.draining;
    const thread = this.thread;
    this.thread = null;
    if (thread) {
      const exited = new Promise((resolve) => thread.once('exit', resolve));
      this.send(thread, { type: 'close' });
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
      await thread.terminate();
    }
    // A spool that could not be created (its folder is a file, say) has nothing to delete.
    if (!this.handedOver) await removeTempFile(this.options.spoolPath).catch(() => undefined);
  }

  private async drain(): Promise<void> {
    try {
      for (;;) {
        if (this.closed || this.failure !== null) return;
        const segment = this.project.segments[this.next];
        const take = segment && this.offered.get(segment.id);
        if (!segment || !take) return;
        this.offered.delete(segment.id);
        // Backpressure: when the thread falls behind, takes wait in the store, not in its message queue
        // (memory must not grow with the episode).
        while (this.inFlight >= MAX_TURNS_IN_FLIGHT && this.failure === null && !this.closed) {
          await new Promise<void>((resolve) => (this.wake = resolve));
        }
        if (this.closed || this.failure !== null) return;
        const gain = this.gains.get(segment.speakerId);
        const pcm = await readEpisodeTake(this.store, segment.id, take, gain, segment);
        const rate = this.project.sampleRate;
        const { first, end } = trimmedRange(segment, take.durationSamples, take.sampleRate);
        const expectedSamples = convertSamples(end - first, take.sampleRate, rate);
        const placed = placeTurn(this.cursor, segment, expectedSamples, rate);
        this.cursor = placed.next;
        this.send(this.startThread(), {
          type: 'turn',
          startSample: placed.startSample,
          pcm,
          takeRate: take.sampleRate,
          expectedSamples,
        });
        this.inFlight += 1;
        this.recordedKeys.push(turnKey(this.project, segment, take));
        this.next += 1;
      }
    } catch (error) {
      this.failure = error;
    }
  }

  private startThread(): Worker {
    if (this.thread) return this.thread;
    const setup: RecordingSetup = {
      sampleRate: this.options.sampleRate,
      channels: this.options.channels,
      measure: this.options.measure,
      spoolPath: this.options.spoolPath,
      bitDepth: this.options.bitDepth,
    };
    const thread = startModuleThread(
      import.meta.url,
      './recording/recording-thread',
      'recording-thread',
      setup,
    );
    this.threadResult = new Promise((resolve) => {
      thread.on('message', (message: FromRecordingThread) => {
        if (message.type === 'recorded') {
          this.inFlight -= 1;
          for (const watcher of this.watchers) watcher(this.recordedTurns, this.totalTurns);
          this.release();
          return;
        }
        if (message.type === 'failed') this.failure = new Error(message.message);
        this.release();
        resolve(message);
      });
      thread.once('error', (error) => {
        this.failure = error;
        this.release();
        resolve({ type: 'failed', message: error.message });
      });
      thread.once('exit', (code) =>
        resolve({ type: 'failed', message: `the recording thread exited (${code})` }),
      );
    });
    this.thread = thread;
    return thread;
  }

  private release(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private async finishThread(): Promise<FromRecordingThread | null> {
    const thread = this.thread ?? this.startThread();
    this.send(thread, { type: 'finish' });
    return this.threadResult;
  }

  private send(thread: Worker, message: ToRecordingThread): void {
    const transfer = message.type === 'turn' ? [message.pcm.buffer as ArrayBuffer] : [];
    thread.postMessage(message, transfer);
  }
}

/** Deletes a recording nobody took over (an export deletes the ones it uses). */
export async function discardPrepared(prepared: PreparedEpisode | null): Promise<void> {
  if (prepared) await removeTempFile(prepared.spoolPath);
}
