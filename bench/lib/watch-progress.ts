import type { SyncProgress } from '@clinicsync/client/node';

/** What a device showed of its first sync's progress, over every sync it took. */
export interface ProgressFigures {
  /** Progress events heard. */
  readonly events: number;
  /** Of which told of a page applied. */
  readonly pageEvents: number;
  /** Records the first page's estimate announced for the whole pull. */
  readonly estimate: number | null;
  /** Share of the estimate shown as done at the last page applied (1: the bar was full). */
  readonly lastFraction: number | null;
  /** Times the share shown went down (a sync that started again showed less done than before). */
  readonly backwards: number;
  /** Longest wait from the start, or a page, to the next page applied: how long the bar stood still. */
  readonly longestStillMs: number;
}

/**
 * Listens to a device's progress across the syncs of one pull. A sync's
 * `pullTotal` is what it has left of the estimate, so the share done is
 * the estimate less what is left: `estimate - (pullTotal - pulled)`.
 */
export function watchProgress(): {
  listener(progress: SyncProgress): void;
  figures(): ProgressFigures;
} {
  const startedAt = performance.now();
  let events = 0;
  let pageEvents = 0;
  let estimate: number | null = null;
  let lastFraction: number | null = null;
  let backwards = 0;
  let lastPages = 0;
  let lastPageAt = startedAt;
  let longestStillMs = 0;
  return {
    listener(progress) {
      events++;
      if (progress.phase !== 'pull') return;
      if (estimate === null && progress.pullTotal !== null) estimate = progress.pullTotal;
      const applied = progress.pages > lastPages;
      lastPages = progress.pages;
      if (!applied) return;
      pageEvents++;
      const now = performance.now();
      longestStillMs = Math.max(longestStillMs, now - lastPageAt);
      lastPageAt = now;
      if (estimate === null || progress.pullTotal === null) return;
      const fraction = (estimate - (progress.pullTotal - progress.pulled)) / estimate;
      if (lastFraction !== null && fraction < lastFraction) backwards++;
      lastFraction = fraction;
    },
    figures: () => ({ events, pageEvents, estimate, lastFraction, backwards, longestStillMs }),
  };
}
