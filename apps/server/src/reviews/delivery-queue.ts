import type { ReviewInput } from '@kefu/protocol/api/reviews';
import type { Db } from '../db/database.ts';
import { Gathered, perDatabase } from '../db/gathered.ts';
import { currentPolicies } from '../sla/policies.ts';
import { storeDeliveries, type DeliveryOutcome, type ReviewDelivery } from './ingest.ts';

/** Reviews one statement stores at most when it gathers several deliveries (a single larger delivery goes alone). */
const MAX_GATHERED_REVIEWS = 500;

type Delivery = ReviewDelivery & { signature: string };

/**
 * Webhook deliveries on their way to the database, one statement at a time (db/gathered.ts): deliveries arriving
 * while it runs wait, and the next statement stores all that waited together (storeDeliveries: one round trip, one
 * commit, each delivery still all or nothing with its own replay guard). Under load a statement carries many
 * deliveries, which is what lets single-review deliveries keep up (issue 13); an idle server stores each at once.
 * One statement at a time: bench/care/reviews.ts on 2 cores got no more deliveries/s from 2, for more database CPU
 * per delivery. The same delivery sent twice at once waits for a later statement, which finds it remembered.
 */
const queueOf = perDatabase(
  (db: Db) =>
    new Gathered<Delivery, DeliveryOutcome>(async (batch) => storeDeliveries(db, batch, 'webhook', await currentPolicies(db)), {
      weight: (d) => d.reviews.length,
      maxWeight: MAX_GATHERED_REVIEWS,
      key: (d) => d.signature,
    }),
);

/**
 * Stores a signed webhook delivery's reviews and remembers its signature: 'replayed', with nothing written, when the
 * signature was remembered already.
 */
export function ingestDelivery(db: Db, signature: string, reviews: readonly ReviewInput[]): Promise<DeliveryOutcome> {
  return queueOf(db).add({ signature, reviews });
}
