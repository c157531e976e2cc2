/**
 * The bare baseline for ticket creates: what the same work costs written plainly, with no kefu code. Fastify + pg
 * (node-postgres) only: POST /api/tickets with the body bench/tickets sends, a bearer token checked against one in
 * memory, the body validated with zod, the ticket and its timeline row inserted in one transaction (in a schema of
 * its own in the same database), and the ticket answered as JSON with 201.
 *
 * Started by ratio.ts as a child process (`node --import tsx`, IPC): env BARE_PG_URL, BARE_SCHEMA, BARE_TOKEN,
 * BARE_POOL_SIZE. It creates its schema's tables, listens on 127.0.0.1, sends `{ type: 'ready', port }` and stops
 * when the IPC channel closes or on `{ cmd: 'stop' }`.
 */
import Fastify from 'fastify';
import pg from 'pg';
import { z } from 'zod';

const env = z
  .object({
    BARE_PG_URL: z.string().min(1),
    BARE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]*$/),
    BARE_TOKEN: z.string().min(16),
    BARE_POOL_SIZE: z.coerce.number().int().positive().default(10),
  })
  .parse(process.env);

const CreateTicket = z.object({
  type: z.enum(['consultation', 'complaint', 'after_sale', 'problem_order', 'collaboration', 'suggestion']),
  subject: z.string().trim().min(1).max(200),
  description: z.string().max(20_000).optional(),
  priority: z.enum(['low', 'normal', 'high', 'urgent']).optional(),
  category: z.string().max(40).nullable().optional(),
  severity: z.string().max(40).nullable().optional(),
  tags: z.array(z.string().trim().min(1).max(40)).max(20).optional(),
  customerId: z.number().int().positive().nullable().optional(),
  groupId: z.number().int().positive().nullable().optional(),
  assigneeId: z.number().int().positive().nullable().optional(),
});

const SCHEMA_SQL = `
  create table if not exists tickets (
    id bigserial primary key,
    number text not null unique default 'T' || to_char(now(), 'YYYYMMDD') || '-' || nextval('ticket_numbers'),
    type text not null,
    status text not null,
    priority text not null,
    category text,
    severity text,
    subject text not null,
    description text not null,
    tags text[] not null,
    customer_id int,
    group_id int,
    assignee_id int,
    version int not null default 1,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  );
  create table if not exists ticket_events (
    id bigserial primary key,
    ticket_id bigint not null references tickets (id),
    kind text not null,
    data jsonb not null,
    at timestamptz not null default now()
  );`;

const pool = new pg.Pool({ connectionString: env.BARE_PG_URL, max: env.BARE_POOL_SIZE, options: `-c search_path=${env.BARE_SCHEMA}` });

async function createSchema() {
  const client = await pool.connect();
  try {
    await client.query(`create schema if not exists ${env.BARE_SCHEMA}`);
    await client.query('create sequence if not exists ticket_numbers');
    await client.query(SCHEMA_SQL);
  } finally {
    client.release();
  }
}

const app = Fastify({ logger: false });

app.post('/api/tickets', async (request, reply) => {
  if (request.headers.authorization !== `Bearer ${env.BARE_TOKEN}`) return reply.code(401).send({ error: 'unauthorized' });
  const parsed = CreateTicket.safeParse(request.body);
  if (!parsed.success) return reply.code(400).send({ error: 'bad request', issues: parsed.error.issues });
  const body = parsed.data;
  const status = body.type === 'problem_order' || body.assigneeId != null ? 'open' : 'new';
  const client = await pool.connect();
  try {
    await client.query('begin');
    const { rows } = await client.query(
      `insert into tickets (type, status, priority, category, severity, subject, description, tags, customer_id, group_id, assignee_id)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning *`,
      [
        body.type,
        status,
        body.priority ?? 'normal',
        body.category ?? null,
        body.severity ?? null,
        body.subject,
        body.description ?? '',
        body.tags ?? [],
        body.customerId ?? null,
        body.groupId ?? null,
        body.assigneeId ?? null,
      ],
    );
    const ticket = rows[0];
    await client.query(`insert into ticket_events (ticket_id, kind, data) values ($1, 'created', $2)`, [
      ticket.id,
      JSON.stringify({ type: body.type, status, number: ticket.number }),
    ]);
    await client.query('commit');
    return reply.code(201).send({ ticket });
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
});

async function main() {
  await createSchema();
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no TCP address');
  const stop = async () => {
    await app.close();
    await pool.end();
    process.exit(0);
  };
  process.on('message', (message: { cmd?: string }) => {
    if (message.cmd === 'stop') void stop();
  });
  // Never outlive the benchmark.
  process.on('disconnect', () => process.exit(1));
  process.send!({ type: 'ready', port: address.port });
}

main().catch((error: unknown) => {
  process.send?.({ type: 'error', error: error instanceof Error ? `${error.message}\n${error.stack}` : String(error) });
  process.exit(1);
});
