import { createHash } from 'node:crypto';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** A seeded source of choices: the same seed and label give the same sequence. */
export interface Random {
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
}

/**
 * A generator for one part of the run (the schedule, one device's faults),
 * seeded from the run's seed and the part's name, so that a part's choices
 * do not shift when another part draws more or fewer numbers.
 */
export function seededRandom(seed: number, label: string): Random {
  const digest = createHash('sha256').update(`${seed}:${label}`).digest();
  const rng = xoroshiro128plus(digest.readInt32LE(0));
  const int = (min: number, max: number) => uniformInt(rng, min, max);
  return {
    int,
    chance: (p) => int(0, 999_999) < p * 1_000_000,
    pick(items) {
      if (items.length === 0) throw new Error('soak: pick from an empty list');
      return items[int(0, items.length - 1)]!;
    },
  };
}
