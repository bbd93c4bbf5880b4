import { setTimeout as sleep } from 'node:timers/promises';

/** One direction of a link: bytes wait their turn on it, then the time they take to cross. */
export interface SharedLink {
  /** Resolves once `bytes` sent now would have crossed, after everything sent before them. */
  cross(bytes: number): Promise<void>;
}

/**
 * One direction of a link of `bitsPerSecond` that every connection on it
 * shares, as a clinic's satellite link is shared: whoever sends queues
 * behind what was sent before, so two answers at once each get about half.
 * An idle link earns no credit (no burst after a pause), and a late timer
 * does not make the next bytes cross faster. `Infinity`: no limit.
 *
 * @example
 * const down = sharedLink(256_000);
 * await down.cross(1024); // about 32 ms on an idle link
 */
export function sharedLink(bitsPerSecond: number): SharedLink {
  if (!(bitsPerSecond > 0)) throw new Error(`a link's rate must be positive, not ${bitsPerSecond}`);
  let freeAt = 0;
  return {
    async cross(bytes) {
      if (bitsPerSecond === Infinity) return;
      const now = performance.now();
      freeAt = Math.max(now, freeAt) + (bytes * 8 * 1000) / bitsPerSecond;
      await sleep(freeAt - now);
    },
  };
}
