/**
 * One kefu process's background work for the burst (started by run.ts with `node --import tsx` and an IPC
 * channel): its own pool, the real job runner with the real `sla.sweep` job (every 1 s, in every process, as
 * apps/server/src/jobs/definitions.ts declares it), and an event room sequencing the `sla.breached` events, as
 * a kefu process does. No HTTP, no other jobs: the only work here is the clock's.
 *
 * The sweep marks `breached_at` with the time its run started; the breach is acted on when the batch's
 * transaction commits. To time that, the sweep gets the database through a thin proxy whose `transaction()`
 * notes, when a transaction resolves (after COMMIT), the clocks it returned (sweep.ts returns the batch's rows).
 */
import { Hub } from '../../apps/server/src/chat/hub.ts';
import { localBus } from '../../apps/server/src/chat/bus.ts';
import { openDatabase, type Db } from '../../apps/server/src/db/database.ts';
import { EventRoom } from '../../apps/server/src/events/room.ts';
import { JobRunner } from '../../apps/server/src/jobs/runner.ts';
import { scheduleText } from '../../apps/server/src/jobs/schedule-schema.ts';
import { sweepClocks } from '../../apps/server/src/sla/sweep.ts';

export type WorkerCommand = { cmd: 'stop' };

export interface WorkerReady {
  type: 'ready';
  pid: number;
}

export interface WorkerStats {
  type: 'stats';
  /** each clock this process breached: its id and (commit time − due time) in ms, in commit order */
  clockIds: string[];
  actedMs: number[];
  /** sweep runs: how long each took and how many clocks it breached */
  runs: { startedAt: number; ms: number; breached: number; warned: number }[];
  errors: string[];
  cpuSeconds: number;
}

const send = (message: unknown) => new Promise<void>((resolve) => process.send!(message, () => resolve()));

interface DueRow {
  id: string;
  due_at: Date;
}

/** `db`, except that each transaction's result, when it is an array of clock rows, is noted once it has committed. */
function noticingCommits(db: Db, committed: (rows: DueRow[], at: number) => void): Db {
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'transaction') {
        return () => {
          const builder = target.transaction();
          return {
            execute: async <T>(callback: Parameters<typeof builder.execute<T>>[0]) => {
              const result = await builder.execute(callback);
              if (Array.isArray(result) && result.length && 'due_at' in result[0]) committed(result as DueRow[], Date.now());
              return result;
            },
          };
        };
      }
      const value = Reflect.get(target, prop) as unknown;
      // Kysely keeps its state in private fields: methods must run on the real instance.
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

async function main() {
  const url = process.env.SLA_BENCH_URL!;
  const withHub = process.env.SLA_BENCH_HUB === '1';
  const withEvents = process.env.SLA_BENCH_EVENTS !== '0';
  const database = openDatabase({ url, poolSize: Number(process.env.SLA_BENCH_POOL ?? 10) });
  const clockIds: string[] = [];
  const actedMs: number[] = [];
  const runs: WorkerStats['runs'] = [];
  const errors: string[] = [];
  const log = {
    error(obj: object, msg: string) {
      if (errors.length < 20) errors.push(`${msg}: ${String((obj as { err?: Error }).err?.message ?? JSON.stringify(obj)).slice(0, 500)}`);
    },
  };
  const db = noticingCommits(database.db, (rows, at) => {
    for (const r of rows) {
      clockIds.push(r.id);
      actedMs.push(at - r.due_at.getTime());
    }
  });
  // With a hub, each breached batch is also described (describeClocks) and framed for assignees and supervisors,
  // as in a kefu process; nobody is connected here, so the frames go nowhere.
  const hub = withHub ? new Hub(localBus()) : null;
  const runner = new JobRunner(
    database.db,
    [
      {
        name: 'sla.sweep',
        schedule: scheduleText.parse('every 1s'),
        everyProcess: true,
        run: async () => {
          const startedAt = Date.now();
          const t = performance.now();
          const r = await sweepClocks(db, hub);
          runs.push({ startedAt, ms: performance.now() - t, ...r });
        },
      },
    ],
    { log },
  );
  const room = withEvents ? new EventRoom(database.db, { log }) : undefined;
  await room?.start();
  runner.start();

  process.on('message', async (message: WorkerCommand) => {
    if (message.cmd !== 'stop') return;
    await runner.stop();
    await room?.stop();
    await database.close();
    const u = process.cpuUsage();
    await send({ type: 'stats', clockIds, actedMs, runs, errors, cpuSeconds: (u.user + u.system) / 1e6 } satisfies WorkerStats);
    process.exit(0);
  });
  process.on('disconnect', () => process.exit(1));
  await send({ type: 'ready', pid: process.pid } satisfies WorkerReady);
}

main().catch(async (error: unknown) => {
  await send({ type: 'error', error: error instanceof Error ? `${error.message}\n${error.stack}` : String(error) }).catch(() => {});
  process.exit(1);
});
