import type { SqlDriver } from '../driver/sql-driver.js';
import type { ChangeNotifier } from './change-notifier.js';
import type { WriteLock } from './write-lock.js';

/** What the sync engine uses of a store, kept off the store's public surface. */
export interface StoreInternals {
  readonly driver: SqlDriver;
  readonly lock: WriteLock;
  readonly notifier: ChangeNotifier;
  /** Throws `store_closed` once the store is closed. */
  assertOpen(): void;
}

const internals = new WeakMap<object, StoreInternals>();

export function registerStoreInternals(store: object, value: StoreInternals): void {
  internals.set(store, value);
}

export function storeInternals(store: object): StoreInternals {
  const found = internals.get(store);
  if (!found) throw new TypeError('not a store opened with openStore()');
  return found;
}
