import type { FastifyInstance } from 'fastify';

/**
 * Deadlines and deliveries are data with timestamps; this runs `sweep` every `ms` to act on what is due.
 * A sweep never overlaps the previous one; 0 turns it off (tests drive sweeps themselves).
 */
export function repeatEvery(app: FastifyInstance, ms: number, sweep: () => Promise<void>): void {
  if (ms <= 0) return;
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      await sweep();
    } catch (err) {
      app.log.error({ err }, 'sweep failed');
    } finally {
      running = false;
    }
  }, ms);
  timer.unref();
  app.addHook('preClose', async () => clearInterval(timer));
}
