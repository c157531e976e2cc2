/**
 * Which message seqs of one conversation a chat client holds — shared by the shopper widget and the agent
 * workspace. A conversation's seqs are dense (1, 2, 3…), so a client keeps the seq up to which it holds every
 * message (a resume asks for what comes after it) and the seqs received beyond a hole. A hole is a message
 * merely overtaken on the way, or one whose live delivery was lost (a server died between storing and
 * telling); the client waits GAP_WAIT_MS, then fetches whatever is still missing with a resume from upTo.
 *
 * Pure and without timers: the clients own their clocks. This file imports nothing, so the widget can take it
 * (as @kefu/domain/seq-tracker) without the rest of the domain package.
 */

/** How long a hole may stay open before it is fetched: an overtaken message fills it sooner. */
export const GAP_WAIT_MS = 1000;

export class SeqTracker {
  private through: number;
  /** Seqs held beyond a hole, waiting for it to be filled. */
  private readonly ahead = new Set<number>();

  /** `upTo`: the seq up to which everything is already held (0: nothing). */
  constructor(upTo = 0) {
    this.through = upTo;
  }

  /** Every seq up to this one is held; a resume asks for what comes after it. */
  get upTo(): number {
    return this.through;
  }

  /** Some seqs are held beyond a missing one. */
  get hasHole(): boolean {
    return this.ahead.size > 0;
  }

  /** The resume that fills the hole asks for what comes after this seq; null when nothing is missing. */
  get holeResumePoint(): number | null {
    return this.ahead.size > 0 ? this.through : null;
  }

  /** Whether this seq is already held (a retried send published again, a resume overlapping live delivery). */
  holds(seq: number): boolean {
    return seq <= this.through || this.ahead.has(seq);
  }

  /** A seq arrived (a message, or the ack of one's own). False when it was already held: a duplicate to ignore. */
  receive(seq: number): boolean {
    if (!Number.isSafeInteger(seq) || seq < 1 || this.holds(seq)) return false;
    if (seq === this.through + 1) this.coverTo(seq);
    else this.ahead.add(seq);
    return true;
  }

  /** The server has sent everything up to `seq` (a resume's lastSeq, notes hidden from shoppers included). */
  coverTo(seq: number): void {
    if (seq <= this.through) return;
    this.through = seq;
    for (const s of this.ahead) if (s <= seq) this.ahead.delete(s);
    while (this.ahead.delete(this.through + 1)) this.through++;
  }

  /** Starts over (another conversation, or a reconnect that resumes from `upTo`). */
  reset(upTo = 0): void {
    this.through = upTo;
    this.ahead.clear();
  }
}

/** The end of the gap-free run of seqs after `known`: where to resume a list of messages from. */
export function contiguousUpTo(seqs: Iterable<number>, known = 0): number {
  const tracker = new SeqTracker(known);
  for (const seq of seqs) tracker.receive(seq);
  return tracker.upTo;
}
