import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database.ts';
import { onEventsCommitted } from './commit-signal.ts';
import {
  claimListener,
  finishListener,
  park,
  parkedEvents,
  parkedSubjects,
  readBatch,
  registerListeners,
  renewLease,
  sequence,
  unpark,
  type StoredEvent,
} from './store.ts';
import { EVENT_TYPES, isEventType, type Delivered, type EventType } from './types.ts';
import type { Wake } from './wake.ts';
import { Repeater, type RunOutcome } from './repeater.ts';

interface Logger {
  error(obj: object, msg: string): void;
}
type Handler<T extends EventType> = (event: Delivered<T>) => Promise<void> | void;
type BatchHandler<T extends EventType> = (events: Delivered<T>[]) => Promise<void> | void;
interface Listener {
  name: string;
  types: EventType[];
  /** Handles events in commit order; a listener registered with `on` gets them one at a time. */
  handle: BatchHandler<EventType>;
  batched: boolean;
}

const SEQUENCE_BATCH = 5000;
/**
 * How long a woken loop waits for more commits before its pass (and between passes while commits keep coming), so
 * that under load one pass serves many commits: the sequencer's lock and statement, and each listener's claim, read
 * and release (three statements, a commit each) are paid once per gather, not once per commit. At 170 inbound
 * e-mails a second these passes were a third of all statements. Listeners do background work (reports, mail,
 * webhooks, notifications): a tenth of a second later is not noticed. Delivery on demand does not wait.
 */
const SEQUENCER_GATHER_MS = 25;
const LISTENER_GATHER_MS = 100;

export interface RoomOptions {
  log: Logger;
  /** Redis pub/sub between processes (REDIS_URL): a commit in one wakes delivery in all. */
  wake?: Wake;
  /** This process's name on the leases it takes. */
  owner?: string;
  /** How long a listener's lease lasts without renewal: a process that died frees its listeners after this. */
  leaseMs?: number;
  batchSize?: number;
}

/**
 * Domain events delivered to named listeners (docs/decisions/0011-domain-events.md): at least once, in commit
 * order per subject, each listener on its own cursor, one process at a time per listener (a lease row). Delivery
 * starts after each commit that recorded events (and after a wake from another process); the `events.deliver`
 * job picks up what a crashed process left and retries parked failures. A failing delivery is logged and parked
 * with back-off; later events of its subject wait behind it, other subjects and other listeners go on.
 */
export class EventRoom {
  readonly owner: string;
  private readonly listeners = new Map<string, Listener>();
  private readonly loops = new Map<string, Repeater>();
  private readonly sequencer: Repeater;
  private readonly leaseMs: number;
  private readonly batchSize: number;
  private registered: Promise<void> | undefined;
  private unsubscribe: (() => void) | undefined;
  private started = false;
  /** While `stop` runs: a loop ends after the pass it is in, not after the whole backlog (a close must not wait for it). */
  private stopping = false;

  constructor(
    private readonly db: Db,
    private readonly options: RoomOptions,
  ) {
    this.owner = options.owner ?? randomUUID();
    this.leaseMs = options.leaseMs ?? 30_000;
    this.batchSize = options.batchSize ?? 500;
    this.sequencer = new Repeater(() => this.sequenceAndKick(), options.log, 'event delivery failed', SEQUENCER_GATHER_MS);
  }

  /** Registers a listener under a stable name (its cursor is kept by that name) for one or more event types. */
  on<T extends EventType>(types: T | T[], name: string, handler: Handler<T>): this {
    const one = handler as Handler<EventType>;
    return this.add({ name, types: [types].flat(), batched: false, handle: (events) => one(events[0]!) });
  }

  /**
   * Like `on`, for a listener that does the same work for many events at once (rewriting the rows they name):
   * it gets what is waiting, up to a batch, in commit order. If a batch fails, its events are handled one at a
   * time, so only those that fail alone are parked.
   */
  onBatch<T extends EventType>(types: T | T[], name: string, handler: BatchHandler<T>): this {
    return this.add({ name, types: [types].flat(), batched: true, handle: handler as BatchHandler<EventType> });
  }

  private add(listener: Listener): this {
    if (this.listeners.has(listener.name)) throw new Error(`event listener ${listener.name} is registered twice`);
    if (this.registered) throw new Error('listeners are registered before the room starts');
    this.listeners.set(listener.name, listener);
    this.loops.set(listener.name, new Repeater(() => this.deliverTo(listener), this.options.log, 'event delivery failed', LISTENER_GATHER_MS));
    return this;
  }

  /** Delivers after every commit that recorded events, and what is waiting now (left by a process that died). */
  async start(): Promise<void> {
    await this.register();
    this.started = true;
    this.unsubscribe = onEventsCommitted(this.db, () => this.kick());
    this.options.wake?.onRing((types) => this.wakeListenersOf(types));
    // What a process that died left sequenced but undelivered.
    for (const loop of this.loops.values()) void loop.nudge();
    this.kick();
  }

  /** Stops reacting to commits and waits for deliveries in progress, so nothing runs on a closed database. */
  async stop(): Promise<void> {
    this.started = false;
    this.stopping = true;
    this.unsubscribe?.();
    await this.sequencer.idle();
    await Promise.all([...this.loops.values()].map((l) => l.idle()));
    this.stopping = false;
  }

  /** Sequences and delivers everything due now and waits for it: the `events.deliver` job, and tests. */
  async deliverNow(): Promise<void> {
    await this.register();
    await this.sequencer.run();
    await Promise.all([...this.loops.values()].map((l) => l.run()));
  }

  private kick(): void {
    if (this.started) void this.sequencer.nudge();
  }

  /** Adds this process's listeners; a new one starts after what is committed now, sequenced first so it counts. */
  private register(): Promise<void> {
    this.registered ??= (async () => {
      while ((await sequence(this.db, SEQUENCE_BATCH)).count === SEQUENCE_BATCH) {
        /* until everything committed has a position */
      }
      await registerListeners(this.db, [...this.listeners.keys()]);
    })().catch((err: unknown) => {
      this.registered = undefined;
      throw err;
    });
    return this.registered;
  }

  /**
   * Wakes only the listeners of the types just sequenced: a commit costs the listeners that care about it, not
   * every listener's claim, read and release. Other processes hear of the types through the wake.
   */
  private async sequenceAndKick(): Promise<RunOutcome> {
    if (this.stopping) return 'done';
    const { count, types } = await sequence(this.db, SEQUENCE_BATCH);
    if (types.length) {
      this.options.wake?.ring(types);
      this.wakeListenersOf(types);
    }
    return count === SEQUENCE_BATCH ? 'full' : 'done';
  }

  private wakeListenersOf(types: string[]): void {
    if (!this.started) return;
    const woken = new Set(types);
    for (const listener of this.listeners.values()) {
      if (listener.types.some((t) => woken.has(t))) void this.loops.get(listener.name)!.nudge();
    }
  }

  /** One pass for one listener under its lease, and whether there is more to do. */
  private async deliverTo(listener: Listener): Promise<RunOutcome> {
    if (this.stopping) return 'done';
    const { db, owner, leaseMs } = this;
    const claim = await claimListener(db, listener.name, owner, leaseMs);
    // Another process holds it: that process looks for more when it lets go.
    if (!claim) return 'done';
    const heartbeat = setInterval(() => {
      renewLease(db, listener.name, owner, leaseMs).catch((err: unknown) =>
        this.options.log.error({ err, listener: listener.name }, 'event lease renewal failed'),
      );
    }, leaseMs / 3);
    heartbeat.unref();
    let position = claim.position;
    let delivered = 0;
    let full = false;
    let failed = false;
    try {
      if (claim.retryDue) delivered += await this.retryParked(listener);
      const parked = claim.parked ? await parkedSubjects(db, listener.name) : new Set<string>();
      const batch = await readBatch(db, listener.types, position, this.batchSize);
      const together = listener.batched ? await this.handleTogether(listener, batch.events, parked) : null;
      if (together !== null) {
        delivered += together;
        position = batch.events.at(-1)?.position ?? position;
      }
      for (const event of together === null ? batch.events : []) {
        if (parked.has(event.subject)) {
          await park(db, listener.name, event, null);
        } else {
          const error = await this.handle(listener, event);
          if (error) {
            await park(db, listener.name, event, { attempts: 1, error });
            parked.add(event.subject);
          } else {
            delivered++;
          }
        }
        position = event.position;
      }
      full = batch.events.length === this.batchSize;
      if (!full) position = Math.max(position, batch.head);
    } catch (err) {
      // The database, not a handler (those are parked): leave the rest to the next commit or the job.
      failed = true;
      this.options.log.error({ err, listener: listener.name }, 'event delivery failed');
    } finally {
      clearInterval(heartbeat);
    }
    const finished = await finishListener(db, listener.name, owner, position, delivered, listener.types);
    if (failed) return 'done';
    return full ? 'full' : finished?.more ? 'more' : 'done';
  }

  /**
   * A batch listener's events in one call, those of parked subjects set aside to wait behind them; how many were
   * delivered, or null when the call failed and the events are to be handled one at a time.
   */
  private async handleTogether(listener: Listener, events: StoredEvent[], parked: Set<string>): Promise<number | null> {
    const ready = events.filter((e) => !parked.has(e.subject));
    if (ready.length) {
      try {
        await listener.handle(ready.map(delivered));
      } catch (err) {
        this.options.log.error({ err, listener: listener.name, events: ready.length }, 'event batch failed; one at a time');
        return null;
      }
    }
    for (const event of events) if (parked.has(event.subject)) await park(this.db, listener.name, event, null);
    return ready.length;
  }

  /** Parked events in commit order: each subject's first one when due, then those waiting behind it if it went through. */
  private async retryParked(listener: Listener): Promise<number> {
    const blocked = new Set<string>();
    let delivered = 0;
    for (const event of await parkedEvents(this.db, listener.name)) {
      if (blocked.has(event.subject)) continue;
      const error = event.due ? await this.handle(listener, event) : 'not due';
      if (!error) {
        await unpark(this.db, listener.name, event.id);
        delivered++;
        continue;
      }
      blocked.add(event.subject);
      if (event.due) await park(this.db, listener.name, event, { attempts: event.attempts + 1, error });
    }
    return delivered;
  }

  /** Runs the handler on the event, its payload checked against its type's schema; the error, or null. */
  private async handle(listener: Listener, stored: StoredEvent): Promise<string | null> {
    try {
      await listener.handle([delivered(stored)]);
      return null;
    } catch (err) {
      this.options.log.error({ err, listener: listener.name, eventId: stored.id, type: stored.type }, 'event listener failed');
      return (err instanceof Error ? err.message : String(err)).slice(0, 2000);
    }
  }
}

/** The event as a listener gets it, its payload checked against its type's schema (throws when it does not parse). */
function delivered(stored: StoredEvent): Delivered {
  if (!isEventType(stored.type)) throw new Error(`unknown event type ${stored.type}`);
  const payload = EVENT_TYPES[stored.type].payload.parse(stored.payload);
  return {
    id: stored.id,
    position: stored.position,
    subject: stored.subject,
    type: stored.type,
    payload,
    occurredAt: stored.occurred_at,
  } as Delivered;
}
