/** The watchdog's pause lever: chunks wait here while the queue is paused (or until their job is cancelled). */
export class PauseGate {
  private paused = false;
  private waiters: (() => void)[] = [];

  get isPaused(): boolean {
    return this.paused;
  }

  /** Pauses; false when already paused. */
  pause(): boolean {
    if (this.paused) return false;
    this.paused = true;
    return true;
  }

  /** Resumes and wakes every waiter; false when not paused. */
  resume(): boolean {
    if (!this.paused) return false;
    this.paused = false;
    for (const wake of this.waiters.splice(0)) wake();
    return true;
  }

  async waitWhilePaused(signal: AbortSignal): Promise<void> {
    while (this.paused && !signal.aborted) {
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        signal.addEventListener('abort', () => resolve(), { once: true });
      });
    }
  }
}
