/**
 * Records an episode while its turns render. A render that ends in an export would otherwise leave the
 * host idle while the worker synthesises, then read every take again to assemble, resample and measure the
 * episode. Instead, each take is offered here as it is finished (in any order); every turn that is now
 * complete from the start of the episode is assembled exactly as the export assembles it (the gap, the take
 * at the project rate, the export rate, the export's channels), written to the export's spool and measured,
 * on the host's core while the worker works on the next turn. The export then starts from the finished
 * spool and measurement (see `PreparedEpisode` in export-service.ts).
 *
 * Nothing here decides what the episode is: `finish` hands over the spool only when the project it is given
 * has exactly the takes that were recorded, in order; otherwise the export reads the takes itself.
 */
import fs from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Project, Take } from '../../../shared/model/project';
import { convertSamples, msToSamples } from '../../../shared/model/time';
import { Resampler } from '../audio/resampler';
import { assembleTake, readCheckedTake, silenceBlocks } from '../render/episode-assembler';
import type { TakeStore } from '../render/take-store';
import type { LoudnessResult } from './loudness/loudness-meter';
import { LoudnessMeter } from './loudness/loudness-meter';
import { spreadChannels } from './export-source';

export interface RecorderOptions {
  /** The export's rate and channels. */
  sampleRate: number;
  channels: 1 | 2;
  /** Measure loudness on the way (when the export normalises). */
  measure: boolean;
  /** Where the spool goes (beside the export, deleted by whoever owns it last). */
  spoolPath: string;
}

/** A finished recording of the whole episode, for `exportProject`'s `prepared`. */
export interface PreparedEpisode {
  spoolPath: string;
  sampleRate: number;
  channels: 1 | 2;
  /** Frames in the spool (at `sampleRate`). */
  frames: number;
  /** Take hash of every turn, in order: the export uses the spool only for exactly these takes. */
  takeHashes: string[];
  /** Loudness of the spool, when it was measured. */
  loudness: LoudnessResult | null;
}

export class EpisodeRecorder {
  private readonly offered = new Map<string, Take>();
  private readonly hashes: string[] = [];
  private readonly resampler: Resampler;
  private readonly meter: LoudnessMeter | null;
  private file: FileHandle | null = null;
  private next = 0;
  private frames = 0;
  private draining: Promise<void> = Promise.resolve();
  private failure: unknown = null;
  private handedOver = false;
  private closed = false;

  constructor(
    private readonly project: Project,
    private readonly store: TakeStore,
    private readonly options: RecorderOptions,
  ) {
    this.resampler = new Resampler(project.sampleRate, options.sampleRate);
    this.meter = options.measure ? new LoudnessMeter(options.sampleRate, options.channels) : null;
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
    const complete =
      this.failure === null &&
      this.next === this.project.segments.length &&
      project.sampleRate === this.project.sampleRate &&
      project.segments.length === this.hashes.length &&
      project.segments.every((segment, index) => segment.take?.hash === this.hashes[index]);
    if (!complete) {
      await this.dispose();
      return null;
    }
    this.file ??= await this.openSpool();
    await this.closeFile();
    this.closed = true;
    this.handedOver = true;
    return {
      spoolPath: this.options.spoolPath,
      sampleRate: this.options.sampleRate,
      channels: this.options.channels,
      frames: this.frames,
      takeHashes: [...this.hashes],
      loudness: this.meter?.result() ?? null,
    };
  }

  /** Stops recording and deletes the spool, unless `finish` handed it over. */
  async dispose(): Promise<void> {
    this.closed = true;
    await this.draining;
    await this.closeFile();
    if (!this.handedOver) await fs.rm(this.options.spoolPath, { force: true });
  }

  private async drain(): Promise<void> {
    try {
      for (;;) {
        if (this.closed || this.failure !== null) return;
        const segment = this.project.segments[this.next];
        const take = segment && this.offered.get(segment.id);
        if (!segment || !take) break;
        this.offered.delete(segment.id);
        await this.record(segment.id, segment.gapBeforeMs, take);
        this.hashes.push(take.hash);
        this.next += 1;
      }
      if (this.next === this.project.segments.length) await this.write(this.resampler.flush());
    } catch (error) {
      this.failure = error;
    }
  }

  private async record(segmentId: string, gapBeforeMs: number, take: Take): Promise<void> {
    const projectRate = this.project.sampleRate;
    for (const block of silenceBlocks(msToSamples(gapBeforeMs, projectRate))) {
      await this.write(this.resampler.process(block));
    }
    const pcm = await readCheckedTake(this.store, segmentId, take);
    const expected = convertSamples(take.durationSamples, take.sampleRate, projectRate);
    for (const block of assembleTake(pcm, take.sampleRate, projectRate, expected)) {
      await this.write(this.resampler.process(block));
    }
  }

  private async write(mono: Float32Array): Promise<void> {
    if (mono.length === 0) return;
    const block = spreadChannels(mono, this.options.channels);
    this.meter?.push(block);
    this.file ??= await this.openSpool();
    await this.file.write(new Uint8Array(block.buffer, block.byteOffset, block.byteLength));
    this.frames += mono.length;
  }

  private async openSpool(): Promise<FileHandle> {
    await fs.mkdir(path.dirname(this.options.spoolPath), { recursive: true });
    return fs.open(this.options.spoolPath, 'w');
  }

  private async closeFile(): Promise<void> {
    const file = this.file;
    this.file = null;
    await file?.close();
  }
}
