interface Logger {
  error(obj: object, msg: string): void;
}

/**
 * A piece of background work asked for by events (a commit, a wake, a queued delivery) rather than by a clock: runs
 * it now, or once more after the current run when asked meanwhile or when `work` says there is more, so a burst of
 * asks costs a few runs and no ask is lost. The event room's sequencer and listeners, and the webhook deliverer.
 */
export class Repeater {
  private running: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly work: () => Promise<boolean>,
    private readonly log: Logger,
    /** What the log says when `work` throws (the next nudge tries again). */
    private readonly failure: string,
    private readonly gatherMs = 0,
  ) {}

  run(): Promise<void> {
    this.again = true;
    this.running ??= this.loop(0);
    return this.running;
  }

  /** Like `run`, but an idle repeater first waits `gatherMs` for more to do. */
  nudge(): Promise<void> {
    this.again = true;
    this.running ??= this.loop(this.gatherMs);
    return this.running;
  }

  idle(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  private async loop(gatherMs: number): Promise<void> {
    try {
      if (gatherMs > 0) await new Promise((resolve) => setTimeout(resolve, gatherMs));
      while (this.again) {
        this.again = false;
        try {
          if (await this.work()) this.again = true;
        } catch (err) {
          this.log.error({ err }, this.failure);
        }
      }
    } finally {
      this.running = undefined;
    }
  }
}
