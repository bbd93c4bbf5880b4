import type { TableName } from '@clinicsync/schema';

export type ChangeListener = (tables: ReadonlySet<TableName>) => void;

/**
 * Tells subscribers which tables a committed write touched: an app
 * transaction, or one page of a sync. Listeners run after the commit; one
 * that throws does not stop the others (its error is reported to `onError`).
 */
export class ChangeNotifier {
  private readonly listeners = new Set<{
    tables: ReadonlySet<TableName> | null;
    listener: ChangeListener;
  }>();

  constructor(private readonly onError: (error: unknown) => void) {}

  /** `tables` null: every table. Returns the unsubscribe function. */
  subscribe(tables: readonly TableName[] | null, listener: ChangeListener): () => void {
    const entry = { tables: tables ? new Set(tables) : null, listener };
    this.listeners.add(entry);
    return () => {
      this.listeners.delete(entry);
    };
  }

  emit(changed: ReadonlySet<TableName>): void {
    if (changed.size === 0) return;
    for (const { tables, listener } of [...this.listeners]) {
      if (tables && ![...changed].some((t) => tables.has(t))) continue;
      try {
        listener(changed);
      } catch (error) {
        this.onError(error);
      }
    }
  }
}
