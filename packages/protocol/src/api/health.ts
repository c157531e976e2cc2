/** What the probes answer (GET /healthz, GET /readyz); load balancers and `kefu doctor` read them. */
import { z } from 'zod';

/** The process is up. */
export const Health = z.object({ ok: z.literal(true) });

/** The database answers; `engine` says which one kefu runs on. */
export const Ready = z.object({ ok: z.literal(true), engine: z.enum(['pglite', 'postgres']) });

/** 503: the database does not answer. */
export const NotReady = z.object({ ok: z.literal(false), error: z.string() });
