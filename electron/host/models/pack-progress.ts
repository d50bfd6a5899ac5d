/**
 * Progress of the long parts of a model pack operation (copying and hashing an import, re-hashing a
 * verify): the CLI and the studio's model manager see the same figures. Reported when a file starts and
 * every 1/100 of the total bytes, never per read chunk.
 */
export interface PackProgress {
  phase: 'checking' | 'hashing';
  /** The pack-relative file being hashed. */
  file?: string;
  bytesDone: number;
  bytesTotal: number;
}

export type OnPackProgress = (progress: PackProgress) => void;

export class PackProgressCounter {
  private bytesDone = 0;
  private lastReported = -1;
  private file: string | undefined;

  constructor(
    private readonly bytesTotal: number,
    private readonly report: OnPackProgress | undefined,
  ) {}

  /** The model is being loaded to check its contract (before any byte is copied). */
  checking(): void {
    this.report?.({ phase: 'checking', bytesDone: 0, bytesTotal: this.bytesTotal });
  }

  startFile(file: string): void {
    this.file = file;
    this.emit();
  }

  /** Bytes hashed since the last call: reported once another 1% of the total is done. */
  readonly add = (bytes: number): void => {
    this.bytesDone += bytes;
    const step = Math.max(1, Math.floor(this.bytesTotal / 100));
    if (this.bytesDone - this.lastReported >= step || this.bytesDone === this.bytesTotal) this.emit();
  };

  private emit(): void {
    this.lastReported = this.bytesDone;
    this.report?.({
      phase: 'hashing',
      ...(this.file !== undefined ? { file: this.file } : {}),
      bytesDone: this.bytesDone,
      bytesTotal: this.bytesTotal,
    });
  }
}
