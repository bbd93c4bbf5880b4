import { defaultValue, getTable } from '@clinicsync/schema';
import type { AnyWireRow, Table, TableName } from '@clinicsync/schema';
import type { SqlDriver, SqlStatement } from '../driver/sql-driver.js';
import { ClinicSyncError } from '../errors.js';
import { checkId, checkWrite, columnList, columnOf, decodeRow, toSql } from './encode-values.js';
import { quote, withSearchIndex } from './local-schema.js';
import type { NewRecord, RecordChanges, RecordOf, SyncStatus } from './record-types.js';

/** The writes of one transaction; reads see the store plus this transaction's own writes. */
export interface StoreTransaction {
  create<T extends TableName>(table: T, values: NewRecord<T>): Promise<RecordOf<T>>;
  update<T extends TableName>(
    table: T,
    id: string,
    changes: RecordChanges<T>,
  ): Promise<RecordOf<T>>;
  delete(table: TableName, id: string): Promise<void>;
  find<T extends TableName>(table: T, id: string): Promise<RecordOf<T> | null>;
}

interface LocalRow {
  readonly row: AnyWireRow;
  readonly status: SyncStatus;
  readonly changed: readonly string[];
}

type Pending = { readonly table: Table; readonly state: LocalRow | 'removed' };

const stampColumns = ['created_at', 'updated_at'] as const;

function isLocalOnly(table: Table): boolean {
  return table.sync === 'device_only';
}

/**
 * Collects a transaction's writes in memory and turns them into one batch at
 * commit, so a transaction is one driver call and a failed check leaves
 * nothing written. Change tracking follows WatermelonDB: a create is
 * `created` with no `_changed`; an update adds the columns whose value
 * changed to `_changed` and turns `synced` into `updated`; a deleted record
 * stays as `deleted` until its delete is pushed, even one never confirmed
 * synced (its create may have reached the server). `device_only` tables are never marked: they never leave the device.
 */
export class WriteSet implements StoreTransaction {
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly driver: SqlDriver,
    private readonly newId: () => string,
    private readonly now: () => number,
  ) {}

  get tables(): ReadonlySet<TableName> {
    return new Set([...this.pending.values()].map((p) => p.table.name));
  }

  private async current(table: Table, id: string): Promise<LocalRow | null> {
    const pending = this.pending.get(`${table.name}\u0000${id}`);
    if (pending) return pending.state === 'removed' ? null : pending.state;
    const [raw] = await this.driver.query<Record<string, unknown>>(
      `SELECT ${columnList(table)}, _status, _changed FROM ${quote(table.name)} WHERE id = ?`,
      [id],
    );
    if (!raw) return null;
    const { _status, _changed, ...row } = raw;
    const changed = typeof _changed === 'string' && _changed !== '' ? _changed.split(',') : [];
    return { row: decodeRow(table, row), status: _status as SyncStatus, changed };
  }

  private put(table: Table, state: LocalRow | 'removed', id: string): void {
    this.pending.set(`${table.name}\u0000${id}`, { table, state });
  }

  private async live(table: Table, id: string): Promise<LocalRow> {
    checkId(table, id);
    const found = await this.current(table, id);
    if (!found || found.status === 'deleted') {
      throw new ClinicSyncError(
        'not_found',
        `${table.name} ${id} does not exist (or was deleted).`,
      );
    }
    return found;
  }

  async create<T extends TableName>(name: T, values: NewRecord<T>): Promise<RecordOf<T>> {
    const table = getTable(name);
    const id = values.id ?? this.newId();
    checkId(table, id);
    if (await this.current(table, id)) {
      throw new ClinicSyncError(
        'already_exists',
        `${table.name} ${id} already exists on this device.`,
      );
    }
    const row: AnyWireRow = { id };
    const given = values as Record<string, unknown>;
    for (const key of Object.keys(given)) if (key !== 'id') columnOf(table, key);
    const now = this.now();
    for (const column of table.columns) {
      const value =
        column.name in given
          ? given[column.name]
          : (stampColumns as readonly string[]).includes(column.name)
            ? now
            : defaultValue(column);
      checkWrite(table, column, value, id);
      row[column.name] = value as AnyWireRow[string];
    }
    this.put(table, { row, status: isLocalOnly(table) ? 'synced' : 'created', changed: [] }, id);
    return { ...row } as RecordOf<T>;
  }

  async update<T extends TableName>(
    name: T,
    id: string,
    changes: RecordChanges<T>,
  ): Promise<RecordOf<T>> {
    const table = getTable(name);
    const found = await this.live(table, id);
    const row: AnyWireRow = { ...found.row };
    const changed = new Set(found.changed);
    const given = changes as Record<string, unknown>;
    let dirty = false;
    for (const [key, value] of Object.entries(given)) {
      const column = columnOf(table, key);
      checkWrite(table, column, value, id);
      if (row[key] !== value) {
        row[key] = value as AnyWireRow[string];
        changed.add(key);
        dirty = true;
      }
    }
    // Setting a column to the value it has is not an edit (nothing to push).
    if (!dirty) return { ...found.row } as RecordOf<T>;
    // Every edit is stamped, as WatermelonDB models with `updatedAt` do.
    if (table.columnsByName.has('updated_at') && !('updated_at' in given)) {
      row['updated_at'] = this.now();
      changed.add('updated_at');
    }
    const local = isLocalOnly(table);
    const status: SyncStatus = local
      ? 'synced'
      : found.status === 'synced'
        ? 'updated'
        : found.status;
    this.put(table, { row, status, changed: local ? [] : [...changed] }, id);
    return { ...row } as RecordOf<T>;
  }

  async delete(name: TableName, id: string): Promise<void> {
    const table = getTable(name);
    const found = await this.live(table, id);
    // Even a `created` record keeps a tombstone: a push whose answer was lost
    // may have created it on the server, and only a pushed delete removes it
    // there (otherwise the next pull brings it back). A server that never had
    // it ignores the delete.
    if (isLocalOnly(table)) this.put(table, 'removed', id);
    else this.put(table, { ...found, status: 'deleted', changed: [] }, id);
  }

  async find<T extends TableName>(name: T, id: string): Promise<RecordOf<T> | null> {
    const table = getTable(name);
    const found = await this.current(table, id);
    return found && found.status !== 'deleted' ? ({ ...found.row } as RecordOf<T>) : null;
  }

  /** The batch that commits this transaction, every row stamped with `rev`. */
  statements(rev: number): SqlStatement[] {
    const statements: SqlStatement[] = [];
    const patients: string[] = [];
    for (const [key, { table, state }] of this.pending) {
      const id = key.slice(table.name.length + 1);
      if (state === 'removed') {
        statements.push({ sql: `DELETE FROM ${quote(table.name)} WHERE id = ?`, params: [id] });
        continue;
      }
      if (table.name === 'patients') patients.push(id);
      const names = table.columns.map((c) => quote(c.name));
      const all = ['id', ...names, '_status', '_changed', '_rev'];
      statements.push({
        sql: `INSERT INTO ${quote(table.name)} (${all.join(', ')}) VALUES (${all.map(() => '?').join(', ')}) ON CONFLICT(id) DO UPDATE SET ${all
          .slice(1)
          .map((n) => `${n} = excluded.${n}`)
          .join(', ')}`,
        params: [
          id,
          ...table.columns.map((c) => toSql(state.row[c.name] ?? null)),
          state.status,
          state.changed.join(','),
          rev,
        ],
      });
    }
    return withSearchIndex(patients, statements);
  }

  get empty(): boolean {
    return this.pending.size === 0;
  }
}
