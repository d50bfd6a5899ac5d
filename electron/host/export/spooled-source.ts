/**
 * An export reads its episode several times (measure loudness, plan the limiter, encode). Assembling and
 * resampling it each time costs far more than reading it back, so the first full read is written to a
 * spool file beside the export (spool-format.ts: as large as the WAV at the export's bit depth), and later
 * reads stream from that file. Every read yields the spool's samples, the first one too. The spool is only
 * used once it is complete; `dispose()` deletes it. Its name is a temp name of this process
 * (files/temp-files.ts), registered so that a signal handler removes it and the next run removes it if this
 * process is killed.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { isProcessAlive } from '../project/process-alive';
import { ownTempFile, removeTempFile, tempPathFor } from '../files/temp-files';
import { writeFailure } from '../files/write-errors';
import type { SpoolBitDepth } from './spool-format';
import { decodeRecord, recordBytes, SpoolEncoder } from './spool-format';

/** A new spool path for an export to `basePath` (this process's own temp name). */
export function spoolPathFor(basePath: string): string {
  return tempPathFor(`${basePath}.spool`);
}

/** The float32 spools of earlier versions: `<out>.spool-<pid>.f32`. */
const LEGACY_SPOOL = /^.+\.spool-(\d+)\.f32$/;

/**
 * Deletes spools of earlier versions in `dir` whose process is gone (today's spools are temp files,
 * removed with the others: removeStaleTempFiles). Best effort.
 */
export async function removeStaleLegacySpools(dir: string): Promise<void> {
  const names = await fs.readdir(dir).catch(() => []);
  for (const name of names) {
    const pid = LEGACY_SPOOL.exec(name)?.[1];
    if (pid !== undefined && !isProcessAlive(Number(pid))) {
      await fs.rm(path.join(dir, name), { force: true }).catch(() => undefined);
    }
  }
}

const RECORDS_PER_READ = 32;

export class SpooledSource {
  private complete = false;

  constructor(
    private readonly source: () => AsyncGenerator<Float32Array>,
    readonly spoolPath: string,
    readonly bitDepth: SpoolBitDepth,
    /** The spool's full size, said when the disk is full. */
    private readonly expectedBytes: number | null = null,
  ) {
    ownTempFile(spoolPath);
  }

  /** A spool that is already complete (recorded while the turns rendered); every read comes from it. */
  static fromFile(spoolPath: string, bitDepth: SpoolBitDepth): SpooledSource {
    const spooled = new SpooledSource(
      () => {
        throw new Error(`the spool ${spoolPath} is complete; nothing to record`);
      },
      spoolPath,
      bitDepth,
    );
    spooled.complete = true;
    return spooled;
  }

  /** A fresh stream of the episode: from the spool once one full read has written it. */
  stream(): () => AsyncGenerator<Float32Array> {
    return () => (this.complete ? this.fromSpool() : this.recording());
  }

  private async *recording(): AsyncGenerator<Float32Array> {
    const file = await fs.open(this.spoolPath, 'w').catch(async (error: unknown) => {
      throw await writeFailure(error, this.spoolPath, this.expectedBytes);
    });
    const encoder = new SpoolEncoder(this.bitDepth);
    let finished = false;
    const write = async (records: ReturnType<SpoolEncoder['push']>) => {
      for (const record of records) {
        try {
          await file.write(record.bytes);
        } catch (error) {
          throw await writeFailure(error, this.spoolPath, this.expectedBytes);
        }
      }
      return records;
    };
    try {
      for await (const block of this.source()) {
        for (const record of await write(encoder.push(block))) yield record.samples;
      }
      for (const record of await write(encoder.flush())) yield record.samples;
      finished = true;
    } finally {
      await file.close();
      this.complete = finished;
    }
  }

  private async *fromSpool(): AsyncGenerator<Float32Array> {
    const file = await fs.open(this.spoolPath, 'r');
    const record = recordBytes(this.bitDepth);
    try {
      for (;;) {
        const bytes = new Uint8Array(record * RECORDS_PER_READ);
        let filled = 0;
        while (filled < bytes.length) {
          const { bytesRead } = await file.read(bytes, filled, bytes.length - filled, null);
          if (bytesRead === 0) break;
          filled += bytesRead;
        }
        for (let offset = 0; offset < filled; offset += record) {
          yield decodeRecord(bytes.subarray(offset, Math.min(filled, offset + record)), this.bitDepth);
        }
        if (filled < bytes.length) return;
      }
    } finally {
      await file.close();
    }
  }

  async dispose(): Promise<void> {
    await removeTempFile(this.spoolPath);
  }
}
