interface Logger {
  error(obj: object, msg: string): void;
}

/**
 * What a run of the work says about the next: `full` — it stopped at its batch size, run again now; `more` — more
 * arrived while it ran, run again after gathering; `done`.
 */
export type RunOutcome = 'full' | 'more' | 'done';

/**
 * A piece of background work asked for by events (a commit, a wake, a queued delivery) rather than by a clock: runs
 * it now, or once more after the current run when asked meanwhile or when `work` says there is more, so a burst of
 * asks costs a few runs and no ask is lost. The event room's sequencer and listeners, and the webhook deliverer.
 *
 * `gatherMs`: an idle repeater that is nudged, and a busy one asked again after a run that was not full, first waits
 * this long for more, so that under a steady stream of asks it runs at most about once per `gatherMs` and each run
 * serves many asks (without it, each ask that lands during a run costs a run of its own).
 */
export class Repeater {
  private running: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly work: () => Promise<RunOutcome>,
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
        let outcome: RunOutcome = 'done';
        try {
          outcome = await this.work();
        } catch (err) {
          this.log.error({ err }, this.failure);
        }
        if (outcome !== 'done') this.again = true;
        if (this.again && outcome !== 'full' && this.gatherMs > 0) await new Promise((resolve) => setTimeout(resolve, this.gatherMs));
      }
    } finally {
      this.running = undefined;
    }
  }
}
