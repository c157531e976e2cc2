/** db/gathered.ts: writes arriving while one runs share the next statement; a failed statement retries each alone. */
import { describe, expect, it } from 'vitest';
import { Gathered } from '../src/db/gathered.ts';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('gathered writes', () => {
  it('writes what arrives while a statement runs as one statement, and answers each caller its own result', async () => {
    const statements: number[][] = [];
    const g = new Gathered<number, string>(async (items) => {
      statements.push(items);
      await tick();
      return items.map((i) => `stored ${i}`);
    });
    const first = g.add(1);
    await new Promise((r) => setImmediate(r));
    // The first statement is running: these three wait for it, then go together.
    const rest = [g.add(2), g.add(3), g.add(4)];
    expect(await Promise.all([first, ...rest])).toEqual(['stored 1', 'stored 2', 'stored 3', 'stored 4']);
    expect(statements).toEqual([[1], [2, 3, 4]]);
  });

  it('keeps items of one key in separate statements, and a statement within its weight', async () => {
    const statements: string[][] = [];
    const g = new Gathered<{ key: string; size: number }, void>(
      async (items) => {
        statements.push(items.map((i) => `${i.key}${i.size}`));
        return items.map(() => undefined);
      },
      { key: (i) => i.key, weight: (i) => i.size, maxWeight: 5 },
    );
    await Promise.all([g.add({ key: 'a', size: 1 }), g.add({ key: 'a', size: 2 }), g.add({ key: 'b', size: 3 }), g.add({ key: 'c', size: 4 })]);
    expect(statements).toEqual([['a1', 'b3'], ['a2'], ['c4']]);
  });

  it('tries each item of a failed statement alone: only the bad one fails', async () => {
    let statements = 0;
    const g = new Gathered<number, number>(async (items) => {
      statements++;
      if (items.includes(13)) throw new Error('13 is refused');
      return items.map((i) => i * 2);
    });
    const results = await Promise.allSettled([g.add(1), g.add(13), g.add(3)]);
    expect(results).toEqual([
      { status: 'fulfilled', value: 2 },
      { status: 'rejected', reason: new Error('13 is refused') },
      { status: 'fulfilled', value: 6 },
    ]);
    expect(statements).toBe(4);
  });
});
