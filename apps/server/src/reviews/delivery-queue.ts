import type { ReviewInput } from '@kefu/protocol/api/reviews';
import type { Db } from '../db/database.ts';
import { currentPolicies } from '../sla/policies.ts';
import { storeDeliveries, type DeliveryOutcome, type ReviewDelivery } from './ingest.ts';

/** Reviews one statement stores at most when it gathers several deliveries (a single larger delivery goes alone). */
const MAX_GATHERED_REVIEWS = 500;
/**
 * Statements storing deliveries at a time, per database. One: the deliveries that arrive while it runs make the next
 * statement, which grows with the load (bench/care/reviews.ts on 2 cores: 2 at a time gave no more deliveries/s, for
 * more database CPU per delivery); a statement of 500 reviews takes some tens of milliseconds.
 */
const STATEMENTS_AT_A_TIME = 1;

interface Waiting extends ReviewDelivery {
  signature: string;
  settle: { resolve: (outcome: DeliveryOutcome) => void; reject: (err: unknown) => void };
}

/**
 * Webhook deliveries on their way to the database, one statement at a time: deliveries arriving while it runs wait,
 * and the next statement stores all that waited together (storeDeliveries: one round trip, one commit, each
 * delivery still all or nothing with its own replay guard). Under load a statement carries many deliveries, which is
 * what lets single-review deliveries keep up (issue 13); an idle server stores each at once. If a gathered statement
 * fails, each of its deliveries is tried alone, so one bad delivery fails only itself.
 */
class DeliveryQueue {
  private readonly waiting: Waiting[] = [];
  private running = 0;
  private scheduled = false;

  constructor(private readonly db: Db) {}

  store(signature: string, reviews: readonly ReviewInput[]): Promise<DeliveryOutcome> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ signature, reviews, settle: { resolve, reject } });
      this.schedule();
    });
  }

  private next(): void {
    while (this.running < STATEMENTS_AT_A_TIME && this.waiting.length) {
      const batch = this.gather();
      this.running++;
      void this.run(batch).finally(() => {
        this.running--;
        this.schedule();
      });
    }
  }

  /** The next statement starts after the requests already received are read, so that it takes them all. */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.next();
    });
  }

  /**
   * The deliveries the next statement stores: the first waiting, and those after it while the reviews fit. The same
   * delivery sent twice at once waits for a later statement, which finds it remembered (or stores it, if the first
   * failed).
   */
  private gather(): Waiting[] {
    const batch: Waiting[] = [];
    const signatures = new Set<string>();
    let reviews = 0;
    for (let i = 0; i < this.waiting.length;) {
      const w = this.waiting[i]!;
      if (batch.length && reviews + w.reviews.length > MAX_GATHERED_REVIEWS) break;
      if (signatures.has(w.signature)) {
        i++;
        continue;
      }
      signatures.add(w.signature);
      reviews += w.reviews.length;
      batch.push(...this.waiting.splice(i, 1));
    }
    return batch;
  }

  private async run(batch: Waiting[]): Promise<void> {
    try {
      const outcomes = await storeDeliveries(this.db, batch, 'webhook', await currentPolicies(this.db));
      batch.forEach((w, i) => w.settle.resolve(outcomes[i]!));
    } catch (err) {
      if (batch.length === 1) return batch[0]!.settle.reject(err);
      for (const w of batch) await this.run([w]);
    }
  }
}

const queues = new WeakMap<Db, DeliveryQueue>();

/**
 * Stores a signed webhook delivery's reviews and remembers its signature (see DeliveryQueue): 'replayed', with
 * nothing written, when the signature was remembered already.
 */
export function ingestDelivery(db: Db, signature: string, reviews: readonly ReviewInput[]): Promise<DeliveryOutcome> {
  let queue = queues.get(db);
  if (!queue) queues.set(db, (queue = new DeliveryQueue(db)));
  return queue.store(signature, reviews);
}
