import { AROUND_THE_CLOCK, SLA_METRICS, type DurationUnit, type SlaMetric, type SlaPolicy } from '@kefu/domain';
import { databaseKey, type Db, type Tx } from '../db/database.ts';

/** How long a process trusts the policies it read: a change in another process reaches it within this. */
const CACHE_MS = 5000;
/** By `databaseKey`: a ticket opened in a caller's transaction (every inbound e-mail) uses it too. */
const cache = new WeakMap<object, { at: number; policies: Promise<SlaPolicy[]> }>();

type PolicyRow = {
  id: number;
  name: string;
  enabled: boolean;
  position: number;
  match: unknown;
  hours: unknown;
  pause_on_customer: boolean;
  warn_at_percent: number;
  targets: unknown;
  on_breach: unknown;
};

export function policyFromRow(r: PolicyRow): SlaPolicy {
  return {
    id: r.id,
    name: r.name,
    enabled: r.enabled,
    position: r.position,
    match: r.match as SlaPolicy['match'],
    hours: r.hours as SlaPolicy['hours'],
    pauseOnCustomer: r.pause_on_customer,
    warnAtPercent: r.warn_at_percent,
    targets: r.targets as SlaPolicy['targets'],
    onBreach: r.on_breach as SlaPolicy['onBreach'],
  };
}

/** The shop's policies, read now (in a transaction: as that transaction sees them). */
export async function readPolicies(db: Db | Tx): Promise<SlaPolicy[]> {
  const rows = await db.selectFrom('sla_policies').selectAll().orderBy('position').orderBy('id').execute();
  return rows.map(policyFromRow);
}

/**
 * The policies as this process last read them (at most 5 s ago): what starting a clock on a hot path uses, so a
 * ticket create or a chat message does not read them again.
 */
export function currentPolicies(db: Db | Tx): Promise<SlaPolicy[]> {
  const key = databaseKey(db);
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.policies;
  // One read in flight per process: callers arriving while it runs share it.
  const policies = readPolicies(db);
  const entry = { at: Date.now(), policies };
  cache.set(key, entry);
  policies.catch(() => {
    if (cache.get(key) === entry) cache.delete(key);
  });
  return policies;
}

/** After a change in this process: the next clock started here uses it at once. */
export function forgetPolicies(db: Db | Tx): void {
  cache.delete(databaseKey(db));
}

/** A clock whose policy was deleted keeps running around the clock with the usual warning. */
export const FALLBACK_POLICY = { hours: AROUND_THE_CLOCK, warnAtPercent: 80, pauseOnCustomer: true };

type TargetItem = { metric: SlaMetric; within?: number; unit?: DurationUnit; dailyBefore?: string };

/** The wire lists targets (`[{ metric, within, unit }]`); the rules and the database key them by metric. */
export function targetsByMetric(list: readonly TargetItem[]): SlaPolicy['targets'] {
  return Object.fromEntries(
    list.map(({ metric, ...t }) => [metric, t.dailyBefore !== undefined ? { dailyBefore: t.dailyBefore } : { within: t.within!, unit: t.unit! }]),
  );
}

export function targetList(targets: SlaPolicy['targets']): TargetItem[] {
  return SLA_METRICS.flatMap((metric) => {
    const t = targets[metric];
    return t ? [{ metric, ...t }] : [];
  });
}
