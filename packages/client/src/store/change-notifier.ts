import type { TableName } from '@clinicsync/schema';

export type ChangeListener = (tables: ReadonlySet<TableName>) => void;

/**
 * Where a committed change came from: a write on this device, a page a sync
 * pulled, or another process sharing the database (it announces its writes,
 * and its pulls once they end).
 */
export type ChangeSource = 'write' | 'pull' | 'remote';

interface Subscription {
  readonly tables: ReadonlySet<TableName> | null;
  readonly listener: ChangeListener;
  /** Hears a pull's pages once, when the pull ends. */
  readonly settled: boolean;
}

/**
 * Tells subscribers which tables a committed write touched: an app
 * transaction, or one page of a sync. Listeners run after the commit; one
 * that throws does not stop the others (its error is reported to `onError`).
 *
 * A first sync commits one change per page, hundreds of them. Listeners that
 * re-read a query subscribe `settled`: while a pull is in progress they hear
 * its pages once, when it ends (whether it finished, failed or was stopped),
 * with every table they touched; writes made on the device meanwhile reach
 * them at once.
 */
export class ChangeNotifier {
  private readonly subscriptions = new Set<Subscription>();
  private pulls = 0;
  private readonly pulledMeanwhile = new Set<TableName>();

  /**
   * `announce`, for a database shared with other processes: hears this
   * process's changes as a settled subscriber of every table would (each
   * write at once, a pull once it ends), never the changes of the others.
   */
  constructor(
    private readonly onError: (error: unknown) => void,
    private readonly announce?: (changed: ReadonlySet<TableName>) => void,
  ) {}

  /** `tables` null: every table. Returns the unsubscribe function. */
  subscribe(
    tables: readonly TableName[] | null,
    listener: ChangeListener,
    options: { settled?: boolean } = {},
  ): () => void {
    const subscription: Subscription = {
      tables: tables ? new Set(tables) : null,
      listener,
      settled: options.settled === true,
    };
    this.subscriptions.add(subscription);
    return () => {
      this.subscriptions.delete(subscription);
    };
  }

  /** A pull begins applying pages; call the returned function when it ends, however it ends. */
  beginPull(): () => void {
    this.pulls++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      if (--this.pulls > 0 || this.pulledMeanwhile.size === 0) return;
      const changed = new Set(this.pulledMeanwhile);
      this.pulledMeanwhile.clear();
      this.notify(changed, (s) => s.settled);
      this.tellOthers(changed);
    };
  }

  emit(changed: ReadonlySet<TableName>, source: ChangeSource = 'write'): void {
    if (changed.size === 0) return;
    const holding = source === 'pull' && this.pulls > 0;
    if (holding) for (const table of changed) this.pulledMeanwhile.add(table);
    this.notify(changed, (s) => !(holding && s.settled));
    if (!holding && source !== 'remote') this.tellOthers(changed);
  }

  private tellOthers(changed: ReadonlySet<TableName>): void {
    try {
      this.announce?.(changed);
    } catch (error) {
      this.onError(error);
    }
  }

  private notify(changed: ReadonlySet<TableName>, hears: (s: Subscription) => boolean): void {
    for (const subscription of [...this.subscriptions]) {
      const { tables, listener } = subscription;
      if (!hears(subscription)) continue;
      if (tables && ![...changed].some((t) => tables.has(t))) continue;
      try {
        listener(changed);
      } catch (error) {
        this.onError(error);
      }
    }
  }
}
