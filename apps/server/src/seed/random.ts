import { seededRandom as numbers } from '@kefu/nlp';

/** A small seeded generator so the demo shop is the same on every machine. */
export function seededRandom(seed: number) {
  const next = numbers(seed);
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
  };
}
export type Random = ReturnType<typeof seededRandom>;
