import type { TableName, WireRow } from '@clinicsync/schema';

/** A record of `T` as the app sees it: wire values (booleans, epoch ms, JSON text), no sync columns. */
export type RecordOf<T extends TableName> = WireRow<T>;

/** What `create` takes: any columns (the rest get WatermelonDB's defaults) and optionally an id. */
export type NewRecord<T extends TableName> = { readonly id?: string } & Partial<
  Omit<WireRow<T>, 'id'>
>;

/** What `update` takes: the columns to change. */
export type RecordChanges<T extends TableName> = Partial<Omit<WireRow<T>, 'id'>>;

/** A record's sync state, WatermelonDB's `_status`. */
export type SyncStatus = 'synced' | 'created' | 'updated' | 'deleted';
