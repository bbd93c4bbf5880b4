import type { SqlStatement } from '../driver/sql-driver.js';
import { overruledTable, quote } from '../store/local-schema.js';
import type { StoreInternals } from '../store/store-internals.js';
import type { LocalChange } from './fetch-local-changes.js';
import { rejectionReasons } from './sync-types.js';
import type { RejectedRecord } from './sync-types.js';

/**
 * Marks pushed records as synced, but only those the app did not touch
 * since they were read for the push: every local write stamps a new `_rev`,
 * so `WHERE _rev = <rev read>` skips a record edited (or deleted) meanwhile,
 * and it is pushed again next sync. Refused records stay pending.
 * (A record deleted meanwhile is a tombstone with a new `_rev`: its delete
 * goes next.) Overruled edits the server took are forgotten, and so are
 * those it refused with one of the protocol's reasons: such a record is no
 * longer on the device, and the server keeps refused values in its conflict
 * log (PROTOCOL.md, "Scope"), so sending them again would log them again and
 * keep the device pending forever. An older server's refusal keeps them.
 */
export async function markAsSynced(
  store: StoreInternals,
  records: readonly LocalChange[],
  rejected: readonly RejectedRecord[],
): Promise<void> {
  const refused = new Set(rejected.map((r) => `${r.table}\u0000${r.id}`));
  const logged = new Set(
    rejected
      .filter((r) => (rejectionReasons as readonly string[]).includes(r.reason))
      .map((r) => `${r.table}\u0000${r.id}`),
  );
  const byTable = new Map<string, { synced: [string, number][]; deleted: [string, number][] }>();
  const overruledSent: [string, string][] = [];
  for (const record of records) {
    const key = `${record.table.name}\u0000${record.id}`;
    if (record.overruled) {
      if (!refused.has(key) || logged.has(key)) overruledSent.push([record.table.name, record.id]);
      continue;
    }
    // A refused delete is dropped, as stock clients do: the server keeps it in
    // its conflict log and sends the record again on the next pull if it is
    // still ours to see. Other refused records stay pending.
    if (refused.has(key) && !(record.kind === 'deleted' && logged.has(key))) continue;
    let lists = byTable.get(record.table.name);
    if (!lists) byTable.set(record.table.name, (lists = { synced: [], deleted: [] }));
    if (record.kind === 'deleted') lists.deleted.push([record.id, record.rev]);
    else lists.synced.push([record.id, record.rev]);
  }
  const statements: SqlStatement[] = [];
  for (const [name, lists] of byTable) {
    const table = quote(name);
    if (lists.synced.length > 0) {
      statements.push({
        sql: `UPDATE ${table} SET _status = 'synced', _changed = '' WHERE id = ? AND _rev = ? AND _status != 'deleted'`,
        rows: lists.synced,
      });
    }
    if (lists.deleted.length > 0) {
      statements.push({
        sql: `DELETE FROM ${table} WHERE id = ? AND _rev = ? AND _status = 'deleted'`,
        rows: lists.deleted,
      });
    }
  }
  if (overruledSent.length > 0) {
    statements.push({
      sql: `DELETE FROM ${overruledTable} WHERE table_name = ? AND id = ?`,
      rows: overruledSent,
    });
  }
  if (statements.length === 0) return;
  await store.lock.run(async () => {
    store.assertOpen();
    await store.driver.batch(statements);
    // Nothing visible changed, but screens showing what waits for sync may want to know.
    store.notifier.emit(new Set(records.map((r) => r.table.name)));
  });
}
