import { findTable, getTable } from '@clinicsync/schema';
import type { TableName } from '@clinicsync/schema';
import type { SqlDriver } from '../driver/sql-driver.js';
import { ClinicSyncError } from '../errors.js';
import { buildCount, buildSelect } from './build-query.js';
import type { QueryOptions, Where } from './build-query.js';
import { ChangeNotifier } from './change-notifier.js';
import { readDeparture, readDepartures } from './departed-patients.js';
import type { PatientDeparture } from './departed-patients.js';
import { readFollowed } from './followed-patients.js';
import type { FollowedPatient } from './followed-patients.js';
import type { ChangeListener } from './change-notifier.js';
import { metaKeys, readRev, setMeta } from './local-meta.js';
import { observeQuery } from './observe-query.js';
import { countUnsynced, findRecord, readRecords, readSyncStatus } from './read-records.js';
import type { NewRecord, RecordChanges, RecordOf, SyncStatus } from './record-types.js';
import { buildPatientSearch } from './search-patients.js';
import type { PatientSearchOptions } from './search-patients.js';
import { registerStoreInternals } from './store-internals.js';
import { WriteSet } from './store-transaction.js';
import type { StoreTransaction } from './store-transaction.js';
import { WriteLock } from './write-lock.js';

export interface StoreOptions {
  /** The clock stamped into `created_at`/`updated_at` (default `Date.now`). */
  readonly now?: () => number;
  /** Ids of new records (default `crypto.randomUUID()`). */
  readonly newId?: () => string;
  /** Where errors of subscription listeners go (default `console.error`). */
  readonly onListenerError?: (error: unknown) => void;
}

/**
 * The device's database: typed records of every schema table with change
 * tracking for sync. Open it with `openStore` (or `openNodeDevice`). Writes
 * are validated with the schema and fail with a ClinicSyncError (`invalid_value`,
 * `invalid_id`, `unknown_column`, `not_found`, `already_exists`,
 * `store_closed`) before anything is written.
 */
export class LocalStore {
  private readonly lock: WriteLock;
  private readonly notifier: ChangeNotifier;
  private readonly stopListening: () => void;
  private closed = false;

  /** @internal Use `openStore`. */
  constructor(
    private readonly driver: SqlDriver,
    private rev: number,
    private readonly options: StoreOptions,
  ) {
    const onError = options.onListenerError ?? ((error: unknown) => console.error(error));
    const shared = driver.shared;
    this.lock = new WriteLock(shared && ((work) => shared.exclusive('write', work)));
    this.notifier = new ChangeNotifier(
      onError,
      shared && ((tables) => shared.announce([...tables])),
    );
    this.stopListening =
      shared?.listen((tables) => {
        const known = tables.flatMap((t) => findTable(t)?.name ?? []);
        this.notifier.emit(new Set(known), 'remote');
      }) ?? (() => undefined);
    registerStoreInternals(this, {
      driver,
      lock: this.lock,
      notifier: this.notifier,
      assertOpen: () => this.assertOpen(),
    });
  }

  private assertOpen(): void {
    if (this.closed) throw new ClinicSyncError('store_closed', 'The local database is closed.');
  }

  /**
   * Runs `work` with exclusive write access; its writes commit together in one
   * SQLite transaction when it resolves, or not at all when it throws (the
   * error is rethrown). Inside, use only `tx`: calling the store's own write
   * methods would wait for this transaction forever.
   *
   * @example
   * await store.transaction(async (tx) => {
   *   const patient = await tx.create('patients', { given_name: 'Amina' });
   *   await tx.create('visits', { patient_id: patient.id });
   * });
   */
  async transaction<R>(work: (tx: StoreTransaction) => Promise<R>): Promise<R> {
    this.assertOpen();
    return this.lock.run(async () => {
      this.assertOpen();
      const newId = this.options.newId ?? (() => crypto.randomUUID());
      const writes = new WriteSet(this.driver, newId, this.options.now ?? Date.now);
      const result = await work(writes);
      if (writes.empty) return result;
      // Other processes sharing the database stamp revs too: read the last one
      // under the shared lock, so no two writes ever get the same `_rev`.
      if (this.driver.shared) this.rev = await readRev(this.driver);
      const rev = this.rev + 1;
      await this.driver.batch([...writes.statements(rev), setMeta(metaKeys.rev, rev)]);
      this.rev = rev;
      this.notifier.emit(writes.tables);
      return result;
    });
  }

  /**
   * Creates a record; columns left out get WatermelonDB's defaults, and
   * `created_at`/`updated_at` the current time. Errors: `invalid_value`,
   * `invalid_id`, `unknown_column`, `already_exists`.
   *
   * @example
   * const patient = await store.create('patients', { given_name: 'Amina', surname: 'Haddad' });
   */
  create<T extends TableName>(table: T, values: NewRecord<T>): Promise<RecordOf<T>> {
    return this.transaction((tx) => tx.create(table, values));
  }

  /**
   * Changes some columns and marks them for the next push (`updated_at` is
   * stamped). Errors: `not_found`, `invalid_value`, `unknown_column`.
   *
   * @example
   * await store.update('patients', id, { phone: '+961 1 234 567' });
   */
  update<T extends TableName>(
    table: T,
    id: string,
    changes: RecordChanges<T>,
  ): Promise<RecordOf<T>> {
    return this.transaction((tx) => tx.update(table, id, changes));
  }

  /**
   * Deletes a record: it is kept as a tombstone until the delete is pushed,
   * even one never synced (a push whose answer was lost may have created it
   * on the server). Children are not touched here; the
   * server deletes them and they arrive as deletes on the next pull.
   * Errors: `not_found`.
   *
   * @example
   * await store.delete('visits', visitId);
   */
  delete(table: TableName, id: string): Promise<void> {
    return this.transaction((tx) => tx.delete(table, id));
  }

  /**
   * The record, or null when there is none (or it is deleted); any string
   * may be looked up, e.g. a scanned code.
   *
   * @example
   * const patient = await store.find('patients', id);
   */
  async find<T extends TableName>(table: T, id: string): Promise<RecordOf<T> | null> {
    this.assertOpen();
    return findRecord(this.driver, table, id);
  }

  /**
   * Records matching `where`, ordered and limited. Errors: `unknown_column`,
   * `invalid_value` (a bad comparison or limit).
   *
   * @example
   * const visits = await store.query('visits', {
   *   where: { patient_id: id, check_in_timestamp: { gte: since } },
   *   orderBy: [{ column: 'check_in_timestamp', direction: 'desc' }],
   *   limit: 20,
   * });
   */
  async query<T extends TableName>(
    table: T,
    options: QueryOptions<T> = {},
  ): Promise<RecordOf<T>[]> {
    this.assertOpen();
    const { sql, params } = buildSelect(getTable(table), options as QueryOptions<TableName>);
    return readRecords(this.driver, table, sql, params);
  }

  /**
   * How many records match `where`.
   *
   * @example
   * const waiting = await store.count('appointments', { where: { status: 'pending' } });
   */
  async count<T extends TableName>(
    table: T,
    options: { readonly where?: Where<T> } = {},
  ): Promise<number> {
    this.assertOpen();
    const { sql, params } = buildCount(getTable(table), options.where);
    const [row] = await this.driver.query<{ n: number }>(sql, params);
    return row?.n ?? 0;
  }

  /**
   * Patients whose given name, surname or phone starts with each word of
   * `text` (ASCII case ignored), or whose id is `text`; by surname.
   *
   * @example
   * const found = await store.searchPatients('ami had', { limit: 20 });
   */
  async searchPatients(
    text: string,
    options: PatientSearchOptions = {},
  ): Promise<RecordOf<'patients'>[]> {
    this.assertOpen();
    const query = buildPatientSearch(text, options);
    return query ? readRecords(this.driver, 'patients', query.sql, query.params) : [];
  }

  /**
   * Why the patient is not on this device any more: their last known name
   * and when a sync removed them (they left the user's scope, or were
   * deleted on the server), or null when no sync removed them (or they came
   * back since). Kept for the 1000 latest departures. Watchers of `patients`
   * hear a departure with the removal.
   *
   * @example
   * const gone = await store.departedPatient(id);
   * if (gone) show(`${gone.givenName} ${gone.surname} is no longer on this device.`);
   */
  async departedPatient(id: string): Promise<PatientDeparture | null> {
    this.assertOpen();
    return readDeparture(this.driver, id);
  }

  /**
   * The patients syncs removed from this device, the latest first.
   *
   * @example
   * const recent = await store.departedPatients({ limit: 10 });
   */
  async departedPatients(options: { readonly limit?: number } = {}): Promise<PatientDeparture[]> {
    this.assertOpen();
    return readDepartures(this.driver, options.limit ?? 50);
  }

  /**
   * The patients this device added to the user's scope with
   * `engine.followPatient` and not removed since, the latest first.
   * Watchers of `patients` hear follows and unfollows.
   *
   * @example
   * const canRemove = (await store.followedPatients()).some((f) => f.id === id);
   */
  async followedPatients(): Promise<FollowedPatient[]> {
    this.assertOpen();
    return readFollowed(this.driver);
  }

  /**
   * Calls `listener` after every committed change (local writes and each
   * applied sync page) to one of `tables`. Returns the unsubscribe function.
   *
   * @example
   * const stop = store.subscribe(['patients'], () => refreshList());
   */
  subscribe(tables: TableName | readonly TableName[], listener: ChangeListener): () => void {
    return this.notifier.subscribe(typeof tables === 'string' ? [tables] : tables, listener);
  }

  /**
   * Runs a query now and whenever its table changes, calling `listener`
   * with the rows each time they differ. Returns the unsubscribe function.
   * Query errors go to `onError` (default: the store's `onListenerError`).
   * A sync's pull is heard once, when it ends; see `watch`.
   *
   * @example
   * const stop = store.observe('visits', { where: { patient_id: id } }, (visits) => render(visits));
   */
  observe<T extends TableName>(
    table: T,
    options: QueryOptions<T>,
    listener: (rows: RecordOf<T>[]) => void,
    onError?: (error: unknown) => void,
  ): () => void {
    return this.watch([table], (store) => store.query(table, options), listener, onError);
  }

  /**
   * Runs `read` now and again after every committed change to `tables`,
   * calling `listener` with its result each time it differs from the last.
   * For what `observe` cannot say in one query: several tables, a search, a
   * count. Reads never overlap (changes during a read cause one more); a
   * sync's pull is heard once, when it ends, so a first sync re-reads twice
   * rather than once per page, while writes on the device are heard at once.
   * Returns the unsubscribe function; errors of `read` go to `onError`
   * (default: the store's `onListenerError`).
   *
   * @example
   * const stop = store.watch(['visits', 'events'], (s) => getVisits(s, patientId), render);
   */
  watch<R>(
    tables: readonly TableName[],
    read: (store: LocalStore) => Promise<R>,
    listener: (result: R) => void,
    onError?: (error: unknown) => void,
  ): () => void {
    const reportError =
      onError ?? this.options.onListenerError ?? ((e: unknown) => console.error(e));
    return observeQuery(this.notifier, tables, () => read(this), listener, reportError);
  }

  /**
   * The record's sync state (`created`, `updated`, `deleted` until pushed,
   * then `synced`), or null when the device has no such row.
   *
   * @example
   * if ((await store.syncStatus('patients', id)) !== 'synced') showPendingBadge();
   */
  async syncStatus(table: TableName, id: string): Promise<SyncStatus | null> {
    this.assertOpen();
    return readSyncStatus(this.driver, table, id);
  }

  /**
   * Records waiting to be pushed, per table (tables with none are left out).
   *
   * @example
   * const pending = await store.unsyncedCounts(); // { patients: 2 }
   */
  async unsyncedCounts(): Promise<Partial<Record<TableName, number>>> {
    this.assertOpen();
    return countUnsynced(this.driver);
  }

  /**
   * Closes the database once pending writes are done; later calls fail with `store_closed`.
   *
   * @example
   * await store.close();
   */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.lock.run(async () => {
      this.closed = true;
      this.stopListening();
      await this.driver.close();
    });
  }
}
