/**
 * An output file that is written under `<path>.partial` and only renamed to its real name once it is
 * complete, so a crash or a cancelled export never leaves a truncated file under the real name.
 * Small appends are coalesced into one buffer before they reach the disk.
 */
import { open, rename, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { AudioClosedError } from './audio-errors';

export const PARTIAL_SUFFIX = '.partial';
const DEFAULT_BUFFER_BYTES = 1 << 18;

export class PartialFile {
  readonly finalPath: string;
  readonly partialPath: string;
  private handle: FileHandle | null;
  private readonly pending: Buffer;
  private pendingBytes = 0;
  /** Bytes already handed to the file system. */
  private flushedBytes = 0;

  private constructor(finalPath: string, handle: FileHandle, bufferBytes: number) {
    this.finalPath = finalPath;
    this.partialPath = finalPath + PARTIAL_SUFFIX;
    this.handle = handle;
    this.pending = Buffer.allocUnsafe(bufferBytes);
  }

  /** Creates (or truncates) `<finalPath>.partial`. */
  static async open(finalPath: string, bufferBytes = DEFAULT_BUFFER_BYTES): Promise<PartialFile> {
    const handle = await open(finalPath + PARTIAL_SUFFIX, 'w');
    return new PartialFile(finalPath, handle, bufferBytes);
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
      await writeFully(handle, bytes, this.flushedBytes);
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
    await writeFully(handle, bytes, position);
  }

  /** Flushes, syncs, closes and renames the file to its real name. */
  async commit(): Promise<void> {
    const handle = this.requireOpen();
    await this.flush();
    await handle.sync();
    this.handle = null;
    await handle.close();
    await rename(this.partialPath, this.finalPath);
  }

  /** Closes and deletes the partial file. Safe to call more than once and after a failed commit. */
  async discard(): Promise<void> {
    const handle = this.handle;
    this.handle = null;
    if (handle !== null) await handle.close().catch(() => undefined);
    await rm(this.partialPath, { force: true });
  }

  private async flush(): Promise<void> {
    if (this.pendingBytes === 0) return;
    const handle = this.requireOpen();
    await writeFully(handle, this.pending.subarray(0, this.pendingBytes), this.flushedBytes);
    this.flushedBytes += this.pendingBytes;
    this.pendingBytes = 0;
  }

  private requireOpen(): FileHandle {
    if (this.handle === null) throw new AudioClosedError(`The file ${this.partialPath}`);
    return this.handle;
  }
}

async function writeFully(handle: FileHandle, bytes: Uint8Array, position: number): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset, position + offset);
    offset += bytesWritten;
  }
}
