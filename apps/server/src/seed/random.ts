import { seededRandom as numbers } from '@kefu/nlp';

/** A small seeded generator so the demo shop is the same on every machine. */
export function seededRandom(seed: number) {
  const next = numbers(seed);
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
    /** One of `items`, each as likely as its weight. */
    weighted<T>(items: readonly T[], weight: (item: T) => number): T {
      let x = next() * items.reduce((sum, i) => sum + weight(i), 0);
      for (const item of items) if ((x -= weight(item)) < 0) return item;
      return items[items.length - 1]!;
    },
  };
}
export type Random = ReturnType<typeof seededRandom>;
