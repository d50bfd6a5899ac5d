/** One timer that fires when something has been idle long enough; arming it again replaces the last. */
export class IdleTimer {
  private timer: NodeJS.Timeout | undefined;

  /** Calls `onIdle` after `ms` unless cancelled or armed again first. Does not keep the process alive. */
  arm(ms: number, onIdle: () => void): void {
    this.cancel();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      onIdle();
    }, ms);
    this.timer.unref();
  }

  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
