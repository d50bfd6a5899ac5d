/**
 * An output file that is written under a temp name of its own beside the target (files/temp-files.ts:
 * never shared with another writer of the same file) and only renamed to its real name once it is complete,
 * so a crash or a cancelled export never leaves a truncated file under the real name. Small appends are
 * coalesced into one buffer before they reach the disk. A failed write names the file (and, for a full
 * disk, the space it needed: `expectedBytes`).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { FileHandle } from 'node:fs/promises';
import { renameIntoPlace, syncDir } from '../files/atomic-write';
import { ownTempFile, removeTempFile, tempPathFor } from '../files/temp-files';
import { writeFailure } from '../files/write-errors';
import { AudioClosedError } from './audio-errors';

const DEFAULT_BUFFER_BYTES = 1 << 18;

export interface PartialFileOptions {
  bufferBytes?: number;
  /** The size the finished file is expected to have, said in a disk-full error. */
  expectedBytes?: number;
}

export class PartialFile {
  readonly finalPath: string;
  readonly partialPath: string;
  private handle: FileHandle | null;
  private readonly pending: Buffer;
  private pendingBytes = 0;
  /** Bytes already handed to the file system. */
  private flushedBytes = 0;

  private constructor(
    finalPath: string,
    partialPath: string,
    handle: FileHandle,
    private readonly options: PartialFileOptions,
  ) {
    this.finalPath = finalPath;
    this.partialPath = partialPath;
    this.handle = handle;
    this.pending = Buffer.allocUnsafe(options.bufferBytes ?? DEFAULT_BUFFER_BYTES);
  }

  /** Creates a new temp file of this writer's own beside `finalPath`. */
  static async open(finalPath: string, options: PartialFileOptions = {}): Promise<PartialFile> {
    const partialPath = tempPathFor(finalPath);
    ownTempFile(partialPath);
    let handle: FileHandle;
    try {
      handle = await fs.open(partialPath, 'wx');
    } catch (error) {
      await removeTempFile(partialPath).catch(() => undefined);
      throw await writeFailure(error, finalPath, options.expectedBytes ?? null);
    }
    return new PartialFile(finalPath, partialPath, handle, options);
  }

  /** Total bytes appended so far (the file's length once flushed). */
  get length(): number {
    return this.flushedBytes + this.pendingBytes;
  }

  get isOpen(): boolean {
    return this.handle !== null;
  }

  /** Appends bytes at the end. The caller may reuse `bytes` as soon as the promise resolves. */
  async append(bytes: Uint8Array): Promise<void> {
    const handle = this.requireOpen();
    if (bytes.length >= this.pending.length) {
      await this.flush();
      await this.writeFully(handle, bytes, this.flushedBytes);
      this.flushedBytes += bytes.length;
      return;
    }
    if (this.pendingBytes + bytes.length > this.pending.length) await this.flush();
    this.pending.set(bytes, this.pendingBytes);
    this.pendingBytes += bytes.length;
  }

  /** Overwrites bytes at an absolute position inside what was already appended (header patching). */
  async writeAt(bytes: Uint8Array, position: number): Promise<void> {
    const handle = this.requireOpen();
    await this.flush();
    await this.writeFully(handle, bytes, position);
  }

  /** Flushes, syncs, closes and renames the file to its real name (the last rename of the same file wins). */
  async commit(): Promise<void> {
    const handle = this.requireOpen();
    try {
      await this.flush();
      await handle.sync();
    } catch (error) {
      throw await writeFailure(error, this.finalPath, this.options.expectedBytes ?? null);
    }
    this.handle = null;
    await handle.close();
    try {
      await renameIntoPlace(this.partialPath, this.finalPath);
    } catch (error) {
      throw await writeFailure(error, this.finalPath);
    }
    await syncDir(path.dirname(this.finalPath));
  }

  /** Closes and deletes the partial file. Safe to call more than once and after a failed commit. */
  async discard(): Promise<void> {
    const handle = this.handle;
    this.handle = null;
    if (handle !== null) await handle.close().catch(() => undefined);
    await removeTempFile(this.partialPath);
  }

  private async flush(): Promise<void> {
    if (this.pendingBytes === 0) return;
    const handle = this.requireOpen();
    await this.writeFully(handle, this.pending.subarray(0, this.pendingBytes), this.flushedBytes);
    this.flushedBytes += this.pendingBytes;
    this.pendingBytes = 0;
  }

  private async writeFully(handle: FileHandle, bytes: Uint8Array, position: number): Promise<void> {
    try {
      let offset = 0;
      while (offset < bytes.length) {
        const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset, position + offset);
        offset += bytesWritten;
      }
    } catch (error) {
      throw await writeFailure(error, this.finalPath, this.options.expectedBytes ?? null);
    }
  }

  private requireOpen(): FileHandle {
    if (this.handle === null) throw new AudioClosedError(`The file ${this.partialPath}`);
    return this.handle;
  }
}
