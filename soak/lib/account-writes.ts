import { isDeepStrictEqual } from 'node:util';

type Row = Record<string, unknown>;

/** One local write a device made, in the order the schedule made them. */
export interface Write {
  readonly seq: number;
  /** When the device made it (ms since the epoch). */
  readonly time: number;
  readonly device: string;
  readonly kind: 'create' | 'update' | 'delete';
  readonly table: string;
  readonly id: string;
  /** The columns written (none for a delete). */
  readonly values: Row;
}

export interface HistoryEntry {
  readonly id: number;
  readonly table_name: string;
  readonly row_id: string;
  readonly op: 'create' | 'update' | 'delete';
  readonly after: Row | null;
  /** When the server wrote it (ms since the epoch). */
  readonly atMs: number;
}

export interface ConflictEntry {
  readonly table_name: string;
  readonly row_id: string;
  readonly column_name: string | null;
  readonly kind: 'column' | 'row_deleted' | 'refused';
  readonly applied_value: unknown;
  readonly replaced_value: unknown;
}

/** What the server holds at the end. */
export interface ServerRecords {
  /** Live rows by table, then id, as a device pulls them. */
  readonly live: ReadonlyMap<string, ReadonlyMap<string, Row>>;
  /** Deleted (tombstoned) ids by table. */
  readonly deleted: ReadonlyMap<string, ReadonlySet<string>>;
  readonly history: readonly HistoryEntry[];
  readonly conflicts: readonly ConflictEntry[];
}

/** Where each written value ended up. */
export interface Accounting {
  /** Values the server holds now. */
  onServer: number;
  /** Applied, then replaced by a later write (both in the change history). */
  supersededInHistory: number;
  /** Replaced by a concurrent write and kept in the conflict log. */
  inConflictLog: number;
  /**
   * Refused by the server (out of the user's scope when pushed): the pushed
   * record is in the conflict log as `refused`, with this value.
   */
  refusedInConflictLog: number;
  /** Written again, or deleted, by the same device before it synced. */
  supersededOnDevice: number;
  /**
   * The record was deleted on the server (delete wins; the delete is in the
   * history) and the device's client dropped the edit: stock WatermelonDB only.
   */
  supersededByDelete: number;
  /**
   * The record left the device's scope after the write, and the client
   * dropped the pending write when the pull removed the record, before
   * pushing it: stock WatermelonDB only, when no push succeeded between the
   * write and the second sync after the change (see docs/scope.md).
   */
  droppedOnLeaving: number;
  /** Deletes that left the record deleted on the server. */
  deletesApplied: number;
  /** Deletes the server refused: the record stays live, the refused delete is in the conflict log. */
  deletesRefused: number;
  /** Records created on a device and deleted there before they ever reached the server. */
  neverLeftDevice: number;
  /** Values found nowhere: lost. Must be 0. */
  lost: number;
  /** Records created twice in the history, or rows no device created. Must be 0. */
  duplicates: number;
}

const key = (table: string, id: string) => `${table}\u0000${id}`;

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = keyOf(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/**
 * Checks that every write any device made is accounted for: its value is on
 * the server, or was applied and later replaced (change history), or was
 * replaced by a concurrent write and logged (conflict log), or was refused
 * (out of scope) and its record kept in the conflict log, or was replaced
 * on the device itself before it synced, or (on a client that drops such
 * edits) gave way to a delete of the record. A value found nowhere is lost. Also: each record is
 * created once, and the server holds no record no device created.
 */
export function accountWrites(
  writes: readonly Write[],
  server: ServerRecords,
  /**
   * Devices whose client drops a local edit when a pull deletes its record
   * (stock WatermelonDB). Our SDK sends such an edit to the conflict log, so
   * on its devices an edit found only behind a delete is lost.
   */
  dropsEditsOnDelete: ReadonlySet<string> = new Set(),
  /** Whether the record of `write` left its device's scope after it was made. */
  leftScope: (write: Write) => boolean = () => false,
): { accounting: Accounting; failures: string[] } {
  const accounting: Accounting = {
    onServer: 0,
    supersededInHistory: 0,
    inConflictLog: 0,
    refusedInConflictLog: 0,
    supersededOnDevice: 0,
    supersededByDelete: 0,
    droppedOnLeaving: 0,
    deletesApplied: 0,
    deletesRefused: 0,
    neverLeftDevice: 0,
    lost: 0,
    duplicates: 0,
  };
  const failures: string[] = [];
  const history = groupBy(server.history, (h) => key(h.table_name, h.row_id));
  const conflicts = groupBy(server.conflicts, (c) => key(c.table_name, c.row_id));
  const byRecordAndDevice = groupBy(writes, (w) => `${key(w.table, w.id)}\u0000${w.device}`);
  const isLive = (table: string, id: string) => server.live.get(table)?.has(id) ?? false;
  const isDeleted = (table: string, id: string) => server.deleted.get(table)?.has(id) ?? false;

  for (const write of writes) {
    const entries = history.get(key(write.table, write.id)) ?? [];
    const label = `${write.device} ${write.kind} ${write.table} ${write.id} (#${write.seq})`;
    const logged = conflicts.get(key(write.table, write.id)) ?? [];
    if (write.kind === 'delete') {
      const dropped = dropsEditsOnDelete.has(write.device) && leftScope(write);
      if (isLive(write.table, write.id) && isRefusedDelete(logged)) {
        accounting.deletesRefused++;
      } else if (isLive(write.table, write.id) && dropped) {
        accounting.droppedOnLeaving++;
      } else if (isLive(write.table, write.id)) {
        accounting.lost++;
        failures.push(`${label}: the record is still live on the server`);
      } else if (isDeleted(write.table, write.id)) {
        accounting.deletesApplied++;
      } else {
        accounting.neverLeftDevice++;
      }
      continue;
    }
    const later = (
      byRecordAndDevice.get(`${key(write.table, write.id)}\u0000${write.device}`) ?? []
    ).filter((w) => w.seq > write.seq);
    const deletedByServer =
      isDeleted(write.table, write.id) && entries.some((h) => h.op === 'delete');
    const live = server.live.get(write.table)?.get(write.id);
    for (const [column, value] of Object.entries(write.values)) {
      if (later.some((w) => w.kind === 'delete' || column in w.values)) {
        accounting.supersededOnDevice++;
      } else if (live && isDeepStrictEqual(live[column], value)) {
        accounting.onServer++;
      } else if (isApplied(entries, column, value)) {
        if (live && !replacedLater(entries, column, value)) {
          accounting.lost++;
          failures.push(
            `${label}: ${column} was applied, then changed with no trace in the history`,
          );
        } else {
          accounting.supersededInHistory++;
        }
      } else if (isLogged(logged, column, value)) {
        accounting.inConflictLog++;
      } else if (isRefused(logged, column, value)) {
        accounting.refusedInConflictLog++;
      } else if (deletedByServer && dropsEditsOnDelete.has(write.device)) {
        accounting.supersededByDelete++;
      } else if (dropsEditsOnDelete.has(write.device) && leftScope(write)) {
        accounting.droppedOnLeaving++;
      } else {
        accounting.lost++;
        failures.push(
          `${label}: ${column} = ${JSON.stringify(value)} is neither on the server, nor in the history, nor in the conflict log`,
        );
      }
    }
  }

  checkCreatedOnce(writes, server, history, accounting, failures);
  return { accounting, failures };
}

function isApplied(entries: readonly HistoryEntry[], column: string, value: unknown): boolean {
  return entries.some((h) => h.after !== null && isDeepStrictEqual(h.after[column], value));
}

/** A history entry after the one that applied `value` changed `column` again, or deleted the row. */
function replacedLater(entries: readonly HistoryEntry[], column: string, value: unknown): boolean {
  const applied = entries.findLastIndex(
    (h) => h.after !== null && isDeepStrictEqual(h.after[column], value),
  );
  return entries
    .slice(applied + 1)
    .some((h) => h.op === 'delete' || (h.after !== null && column in h.after));
}

/** A concurrent write replaced `value` (column), or it met a deleted record (row_deleted). */
function isLogged(entries: readonly ConflictEntry[], column: string, value: unknown): boolean {
  return entries.some((c) =>
    c.kind === 'column'
      ? c.column_name === column && isDeepStrictEqual(c.replaced_value, value)
      : c.kind === 'row_deleted' &&
        isDeepStrictEqual((c.applied_value as Row | null)?.[column], value),
  );
}

/** The server refused a pushed record holding `value`, and kept it. */
function isRefused(entries: readonly ConflictEntry[], column: string, value: unknown): boolean {
  return entries.some(
    (c) =>
      c.kind === 'refused' && isDeepStrictEqual((c.applied_value as Row | null)?.[column], value),
  );
}

/** The server refused a pushed delete of the record, and kept it (`{id, deleted: true}`). */
function isRefusedDelete(entries: readonly ConflictEntry[]): boolean {
  return entries.some(
    (c) => c.kind === 'refused' && (c.applied_value as Row | null)?.['deleted'] === true,
  );
}

function checkCreatedOnce(
  writes: readonly Write[],
  server: ServerRecords,
  history: ReadonlyMap<string, HistoryEntry[]>,
  accounting: Accounting,
  failures: string[],
): void {
  const created = new Set(writes.filter((w) => w.kind === 'create').map((w) => key(w.table, w.id)));
  for (const [k, entries] of history) {
    const creates = entries.filter((h) => h.op === 'create').length;
    if (creates > 1) {
      accounting.duplicates++;
      failures.push(`${k.replace('\u0000', ' ')} was created ${creates} times in the history`);
    }
  }
  const tables = new Set([...server.live.keys(), ...server.deleted.keys()]);
  for (const table of tables) {
    const ids = [...(server.live.get(table)?.keys() ?? []), ...(server.deleted.get(table) ?? [])];
    for (const id of ids) {
      if (!created.has(key(table, id))) {
        accounting.duplicates++;
        failures.push(`${table} ${id} is on the server but no device created it`);
      }
    }
  }
}
