import { describe, expect, it } from 'vitest';
import { Repeater, type RunOutcome } from '../src/events/repeater.ts';

const log = { error: () => undefined };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a repeater under a steady stream of asks', () => {
  it('runs about once per gather, each run serving the asks that came meanwhile, none lost', async () => {
    let asks = 0;
    const served: number[] = [];
    const repeater = new Repeater(
      async () => {
        served.push(asks);
        await sleep(2);
        return 'done';
      },
      log,
      'failed',
      50,
    );
    const started = Date.now();
    while (Date.now() - started < 300) {
      asks++;
      void repeater.nudge();
      await sleep(1);
    }
    await repeater.idle();
    // Tens to hundreds of asks in 0.3 s; without the gather between runs each ask landing in a run cost a run of its own.
    expect(asks).toBeGreaterThan(20);
    expect(served.length).toBeLessThanOrEqual(8);
    expect(served.at(-1)).toBe(asks);
  });

  it('runs again at once after a full run, and waits after one that saw more arrive', async () => {
    const outcomes: RunOutcome[] = ['full', 'full', 'more', 'done'];
    const at: number[] = [];
    const repeater = new Repeater(
      async () => {
        at.push(Date.now());
        return outcomes.shift() ?? 'done';
      },
      log,
      'failed',
      200,
    );
    await repeater.run();
    expect(at).toHaveLength(4);
    expect(at[2]! - at[0]!).toBeLessThan(150);
    expect(at[3]! - at[2]!).toBeGreaterThanOrEqual(195);
  });
});
