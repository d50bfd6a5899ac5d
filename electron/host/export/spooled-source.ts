/**
 * An export reads its episode several times (measure loudness, plan the limiter, encode). Assembling and
 * resampling it each time costs far more than reading it back, so the first full read is written to a
 * spool file of raw float32 samples beside the export, and later reads stream from that file. The spool
 * is only used once it is complete; `dispose()` deletes it.
 */
import fs from 'node:fs/promises';

const READ_BLOCK_BYTES = 1 << 18;

export class SpooledSource {
  private complete = false;

  constructor(
    private readonly source: () => AsyncGenerator<Float32Array>,
    readonly spoolPath: string,
  ) {}

  /** A spool that is already complete (recorded while the turns rendered); every read comes from it. */
  static fromFile(spoolPath: string): SpooledSource {
    const spooled = new SpooledSource(() => {
      throw new Error(`the spool ${spoolPath} is complete; nothing to record`);
    }, spoolPath);
    spooled.complete = true;
    return spooled;
  }

  /** A fresh stream of the episode: from the spool once one full read has written it. */
  stream(): () => AsyncGenerator<Float32Array> {
    return () => (this.complete ? this.fromSpool() : this.recording());
  }

  private async *recording(): AsyncGenerator<Float32Array> {
    const file = await fs.open(this.spoolPath, 'w');
    let finished = false;
    try {
      for await (const block of this.source()) {
        await file.write(new Uint8Array(block.buffer, block.byteOffset, block.byteLength));
        yield block;
      }
      finished = true;
    } finally {
      await file.close();
      this.complete = finished;
    }
  }

  private async *fromSpool(): AsyncGenerator<Float32Array> {
    const file = await fs.open(this.spoolPath, 'r');
    try {
      for (;;) {
        const bytes = new Uint8Array(READ_BLOCK_BYTES);
        const { bytesRead } = await file.read(bytes, 0, READ_BLOCK_BYTES, null);
        if (bytesRead === 0) return;
        yield new Float32Array(bytes.buffer, 0, bytesRead >> 2);
      }
    } finally {
      await file.close();
    }
  }

  async dispose(): Promise<void> {
    await fs.rm(this.spoolPath, { force: true });
  }
}
