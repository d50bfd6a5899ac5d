/**
 * The bookkeeping every streaming audio writer shares around its PartialFile: one write at a time, nothing
 * after finish or abort, and the file either committed under its real name or discarded, never left open
 * (also when the header or the trailer cannot be written). The writers keep only their format's coding.
 */
import { AudioArgumentError, AudioClosedError } from './audio-errors';
import { PartialFile } from './partial-file';

export interface StreamingOutputNames {
  /** Names the writer in "… is already closed": `The FLAC encoder` → "The FLAC encoder for <path>". */
  writer: string;
  /** Names the write call in the overlap error, e.g. `FlacEncoder.write()`. */
  writeCall: string;
}

export class StreamingOutput {
  readonly file: PartialFile;
  private readonly names: StreamingOutputNames;
  private busy = false;
  private closed = false;

  private constructor(file: PartialFile, names: StreamingOutputNames) {
    this.file = file;
    this.names = names;
  }

  /**
   * Opens a temp file beside `path` and hands it to `start` (which builds the writer and writes the header); when
   * `start` throws, the partial file is discarded and the error rethrown.
   */
  static async open<T>(
    path: string,
    names: StreamingOutputNames,
    start: (output: StreamingOutput) => Promise<T>,
    /** The finished file's expected size, said when the disk is full. */
    expectedBytes?: number,
  ): Promise<T> {
    const file = await PartialFile.open(path, expectedBytes === undefined ? {} : { expectedBytes });
    const output = new StreamingOutput(file, names);
    try {
      return await start(output);
    } catch (error) {
      await output.file.discard();
      throw error;
    }
  }

  /** The real name the file gets on finish. */
  get path(): string {
    return this.file.finalPath;
  }

  /** Runs one write; refuses after finish/abort and while the previous write is still running. */
  async write(body: () => Promise<void>): Promise<void> {
    this.requireIdle();
    this.busy = true;
    try {
      await body();
    } finally {
      this.busy = false;
    }
  }

  /**
   * Closes for writing, runs `complete` (trailer, header patches) and commits the file under its real
   * name. On failure the partial file is discarded and the error rethrown.
   */
  async finish(complete: () => Promise<void>): Promise<void> {
    this.requireIdle();
    this.closed = true;
    try {
      await complete();
      await this.file.commit();
    } catch (error) {
      await this.file.discard();
      throw error;
    }
  }

  /** Stops and deletes the partial file. Safe after a failed finish and twice. */
  async abort(): Promise<void> {
    this.closed = true;
    await this.file.discard();
  }

  private requireIdle(): void {
    if (this.closed) throw new AudioClosedError(`${this.names.writer} for ${this.file.finalPath}`);
    if (this.busy) {
      throw new AudioArgumentError(
        `${this.names.writeCall} was called before the previous write finished; await each call.`,
      );
    }
  }
}

/** Frames in an interleaved block; throws when the block does not hold whole frames. */
export function wholeFrames(interleaved: Float32Array, channels: number): number {
  const frames = interleaved.length / channels;
  if (!Number.isInteger(frames)) {
    throw new AudioArgumentError(
      `A ${channels}-channel block must hold whole frames; got ${interleaved.length} samples.`,
    );
  }
  return frames;
}
