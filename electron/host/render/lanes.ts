/** Counts turns rendering at once; a turn waits until fewer than its engine allows are. */
export class Lanes {
  private busy = 0;
  private waiters: (() => void)[] = [];

  async acquire(limit: number): Promise<void> {
    while (this.busy >= limit) await new Promise<void>((resolve) => this.waiters.push(resolve));
    this.busy += 1;
  }

  release(): void {
    this.busy -= 1;
    for (const wake of this.waiters.splice(0)) wake();
  }
}
