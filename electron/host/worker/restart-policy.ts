/** Bounded restarts: at most `maxRestarts` within `windowMs`, then stop and ask the user. */
export class RestartPolicy {
  private restarts: number[] = [];

  constructor(
    readonly maxRestarts = 3,
    readonly windowMs = 5 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a restart if allowed; returns false when the budget in the window is spent. */
  tryRestart(): boolean {
    const now = this.now();
    this.restarts = this.restarts.filter((at) => now - at < this.windowMs);
    if (this.restarts.length >= this.maxRestarts) return false;
    this.restarts.push(now);
    return true;
  }

  get recentRestarts(): number {
    const now = this.now();
    return this.restarts.filter((at) => now - at < this.windowMs).length;
  }

  reset(): void {
    this.restarts = [];
  }
}
