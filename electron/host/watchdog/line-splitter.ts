/**
 * Splits a text stream into lines across chunk boundaries. A chunk may end anywhere, including between
 * `\r` and `\n`; an unterminated line is held until its end arrives. A line that grows past `maxLineChars`
 * without ending (a child printing garbage) is dropped rather than held forever.
 */
export class LineSplitter {
  private pending = '';
  private overflowing = false;

  constructor(private readonly maxLineChars = 64 * 1024) {}

  /** Feeds one chunk; returns the complete lines it finished, without their line endings. */
  push(chunk: string): string[] {
    const lines: string[] = [];
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf('\n', start);
      if (newline < 0) break;
      const piece = chunk.slice(start, newline);
      if (this.overflowing) {
        this.overflowing = false;
      } else {
        lines.push(stripCarriageReturn(this.pending + piece));
      }
      this.pending = '';
      start = newline + 1;
    }
    if (!this.overflowing) {
      this.pending += chunk.slice(start);
      if (this.pending.length > this.maxLineChars) {
        this.pending = '';
        this.overflowing = true;
      }
    }
    return lines;
  }

  /** The unterminated rest, for when the stream ends. */
  flush(): string[] {
    const rest = this.overflowing ? '' : stripCarriageReturn(this.pending);
    this.pending = '';
    this.overflowing = false;
    return rest.length > 0 ? [rest] : [];
  }
}

function stripCarriageReturn(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
