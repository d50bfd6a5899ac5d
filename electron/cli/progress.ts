/** A progress bar on stderr: redrawn in place on a terminal, a line every 10 % otherwise. */
import { formatDurationMs } from '../../shared/model/time';
import type { CliIo } from './cli-io';

export class ProgressBar {
  private lastDecile = -1;
  private lastLabel = '';

  /** `startedAt`: when the work began, if before the bar (the linear guess and `finish` count from it). */
  constructor(
    private readonly io: CliIo,
    private readonly label: string,
    private readonly startedAt = Date.now(),
  ) {}

  /** `etaMs`: time left as the caller knows it (an export's phases); else a linear guess from the time spent. */
  update(done: number, total: number, detail = '', etaMs?: number | null): void {
    const fraction = total === 0 ? 1 : Math.min(1, done / total);
    const elapsed = Date.now() - this.startedAt;
    const left = etaMs !== undefined ? etaMs : fraction > 0.02 ? (elapsed / fraction) * (1 - fraction) : null;
    // While work runs, at least a second (an estimate that is overdue still has something left to do).
    const eta = left !== null && fraction < 1 ? ` ETA ${formatTimeLeft(Math.max(1, left))}` : '';
    const line = `${this.label} ${bar(fraction)} ${String(Math.round(fraction * 100)).padStart(3)}% ${done}/${total}${eta}${detail ? ` ${detail}` : ''}`;
    if (this.io.isTty) {
      this.io.stderr(`\r${line.slice(0, 119).padEnd(Math.max(this.lastLabel.length, 1))}`);
      this.lastLabel = line.slice(0, 119);
    } else {
      const decile = Math.floor(fraction * 10);
      if (decile !== this.lastDecile) {
        this.lastDecile = decile;
        this.io.stderr(`${line}\n`);
      }
    }
  }

  /** A message between progress updates (e.g. a watchdog action), on its own line. */
  note(message: string): void {
    if (this.io.isTty && this.lastLabel) this.io.stderr('\n');
    this.lastLabel = '';
    this.io.stderr(`${message}\n`);
  }

  finish(summary: string): void {
    if (this.io.isTty && this.lastLabel) this.io.stderr('\n');
    this.io.stderr(`${summary} in ${formatDurationMs(Date.now() - this.startedAt)}\n`);
  }
}

/**
 * Time left as a countdown shows it: rounded up to the second, so "0:00" never stands beside work still
 * running and "0:01" means up to a second (the studio's export dialog rounds up too).
 */
export function formatTimeLeft(ms: number): string {
  return formatDurationMs(Math.ceil(Math.max(0, ms) / 1000) * 1000);
}

function bar(fraction: number, width = 24): string {
  const filled = Math.round(fraction * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}
