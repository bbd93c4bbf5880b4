import { createContext } from 'react';

/**
 * Whether a sync is pulling (applying the server's pages) now, and a way to
 * hear when that changes. The sync controller is one; live queries hold
 * their re-runs while it is pulling.
 */
export interface PullActivity {
  readonly pulling: boolean;
  /** Calls `listener` whenever `pulling` may have changed; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

const neverPulling: PullActivity = { pulling: false, subscribe: () => () => undefined };

/** The app's pull activity; without a provider nothing is ever pulling. */
export const PullActivityContext = createContext<PullActivity>(neverPulling);
