/**
 * The recording itself, synchronous and single-threaded: each turn's gap and take are assembled at the
 * export rate exactly as the export assembles them (episode-assembler.ts, export-source.ts), spread to the
 * export's channels, measured, and appended to the spool file. Runs on the recording thread.
 */
import fs from 'node:fs';
import path from 'node:path';
import { assembleTake, silenceBlocks } from '../../render/episode-assembler';
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

  constructor(private readonly setup: RecordingSetup) {
    this.encoder = new SpoolEncoder(setup.bitDepth);
    this.meter = setup.measure ? new LoudnessMeter(setup.sampleRate, setup.channels) : null;
    fs.mkdirSync(path.dirname(setup.spoolPath), { recursive: true });
    this.fd = fs.openSync(setup.spoolPath, 'w');
  }

  /** Appends the gap before a turn and the turn's take (at its own rate; the counts at the export rate). */
  turn(gapSamples: number, pcm: Float32Array, takeRate: number, expectedSamples: number): void {
    for (const block of silenceBlocks(gapSamples)) this.write(block);
    for (const block of assembleTake(pcm, takeRate, this.setup.sampleRate, expectedSamples)) {
      this.write(block);
    }
  }

  /** Ends the episode: the file closed, what was written. */
  finish(): { frames: number; loudness: LoudnessResult | null } {
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
