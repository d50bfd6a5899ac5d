/**
 * The last lines a sidecar printed (stdout and stderr together), bounded in lines and in characters per
 * line, for error messages ("it said: ...") and the engines' status. Nothing grows with run time.
 */
import { LineSplitter } from '../watchdog/line-splitter';

export class LogTail {
  private readonly lines: string[] = [];
  private next = 0;
  private count = 0;
  private readonly splitters = new Map<string, LineSplitter>();

  constructor(
    readonly maxLines = 200,
    private readonly maxLineChars = 1000,
  ) {}

  /** Adds a chunk of output from `stream` (lines are split per stream, across chunks). */
  push(stream: 'stdout' | 'stderr', chunk: string): void {
    let splitter = this.splitters.get(stream);
    if (!splitter) {
      splitter = new LineSplitter(this.maxLineChars * 4);
      this.splitters.set(stream, splitter);
    }
    // Progress lines end in a bare \r ("Loading 45%\r"): each is a line of its own.
    for (const line of splitter.push(chunk.replace(/\r(?!\n)/g, '\n'))) this.add(line);
  }

  /** The stream ended: its unterminated last line counts too. */
  end(stream: 'stdout' | 'stderr'): void {
    for (const line of this.splitters.get(stream)?.flush() ?? []) this.add(line);
  }

  private add(line: string): void {
    // eslint-disable-next-line no-control-regex
    const clean = line.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '').trimEnd();
    if (clean.length === 0) return;
    const cut = clean.length > this.maxLineChars ? `${clean.slice(0, this.maxLineChars)}…` : clean;
    this.lines[this.next] = cut;
    this.next = (this.next + 1) % this.maxLines;
    this.count = Math.min(this.count + 1, this.maxLines);
  }

  /** The last `n` lines, oldest first. */
  tail(n = this.maxLines): string[] {
    const take = Math.min(n, this.count);
    const out: string[] = [];
    for (let i = take; i > 0; i -= 1) out.push(this.lines[(this.next - i + this.maxLines) % this.maxLines]!);
    return out;
  }

  /** "…last line one / last line two" for a message, or '' when it printed nothing. */
  summary(n = 5): string {
    const lines = this.tail(n);
    return lines.length === 0 ? '' : lines.join(' / ');
  }

  clear(): void {
    this.lines.length = 0;
    this.next = 0;
    this.count = 0;
    this.splitters.clear();
  }
}
