/**
 * The recording itself, synchronous and single-threaded: each turn's take is placed at the export rate
 * exactly as the export assembles it (episode-assembler.ts, export-source.ts: the same mixer), spread to the
 * export's channels, measured, and appended to the spool file. Runs on the recording thread.
 */
import fs from 'node:fs';
import path from 'node:path';
import { takeAtRate } from '../../render/episode-assembler';
import { EpisodeMixer } from '../../render/episode-mixer';
import { spreadChannels } from '../export-source';
import type { LoudnessResult } from '../loudness/loudness-meter';
import { LoudnessMeter } from '../loudness/loudness-meter';
import type { SpoolRecord } from '../spool-format';
import { SpoolEncoder } from '../spool-format';
import type { RecordingSetup } from './recording-protocol';

export class EpisodeSpoolWriter {
  private readonly meter: LoudnessMeter | null;
  private fd: number | null;
  private frames = 0;
  private readonly encoder: SpoolEncoder;
  private readonly mixer = new EpisodeMixer();

  constructor(private readonly setup: RecordingSetup) {
    this.encoder = new SpoolEncoder(setup.bitDepth);
    this.meter = setup.measure ? new LoudnessMeter(setup.sampleRate, setup.channels) : null;
    fs.mkdirSync(path.dirname(setup.spoolPath), { recursive: true });
    this.fd = fs.openSync(setup.spoolPath, 'w');
  }

  /**
   * Adds a turn starting at `startSample` (its take at its own rate; the counts at the export rate) and
   * appends what can no longer change: everything before its start.
   */
  turn(startSample: number, pcm: Float32Array, takeRate: number, expectedSamples: number): void {
    const atRate = takeAtRate(pcm, takeRate, this.setup.sampleRate, expectedSamples);
    for (const block of this.mixer.add(startSample, atRate)) this.write(block);
  }

  /** Ends the episode: the file closed, what was written. */
  finish(): { frames: number; loudness: LoudnessResult | null } {
    for (const block of this.mixer.finish()) this.write(block);
    this.append(this.encoder.flush());
    this.close();
    return { frames: this.frames, loudness: this.meter?.result() ?? null };
  }

  close(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }

  private write(mono: Float32Array): void {
    if (mono.length === 0 || this.fd === null) return;
    this.append(this.encoder.push(spreadChannels(mono, this.setup.channels)));
    this.frames += mono.length;
  }

  private append(records: SpoolRecord[]): void {
    if (this.fd === null) return;
    for (const record of records) {
      this.meter?.push(record.samples);
      const bytes = record.bytes;
      for (let offset = 0; offset < bytes.length;) {
        offset += fs.writeSync(this.fd, bytes, offset, bytes.length - offset);
      }
    }
  }
}
