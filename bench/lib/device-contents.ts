import { syncedTables } from '@clinicsync/schema';
import type { SqlDriver } from '@clinicsync/client/node';

/** A device's synced records: by table, each record's columns (schema order, as one string) by id. */
export type DeviceContents = ReadonlyMap<string, ReadonlyMap<string, string>>;

/** Reads every synced table of a device's database, columns of the schema only (no sync state). */
export async function readDeviceContents(driver: SqlDriver): Promise<DeviceContents> {
  const contents = new Map<string, Map<string, string>>();
  for (const table of syncedTables) {
    const columns = ['id', ...table.columns.map((c) => c.name)].map((c) => `"${c}"`).join(', ');
    const rows = await driver.query<Record<string, unknown>>(
      `SELECT ${columns} FROM "${table.name}"`,
    );
    contents.set(
      table.name,
      new Map(rows.map((row) => [String(row['id']), JSON.stringify(Object.values(row))])),
    );
  }
  return contents;
}

/** Records held, all tables together. */
export function countRecords(contents: DeviceContents): number {
  let records = 0;
  for (const rows of contents.values()) records += rows.size;
  return records;
}

/**
 * How `actual` differs from `expected`: one line per table whose records
 * differ (a count, an id missing or extra, a value), with an example;
 * empty when the two hold the same records with the same values.
 */
export function compareContents(actual: DeviceContents, expected: DeviceContents): string[] {
  const differences: string[] = [];
  for (const [table, want] of expected) {
    const have = actual.get(table) ?? new Map<string, string>();
    const missing = [...want.keys()].filter((id) => !have.has(id));
    const extra = [...have.keys()].filter((id) => !want.has(id));
    const changed = [...want].filter(([id, row]) => have.has(id) && have.get(id) !== row);
    if (missing.length + extra.length + changed.length === 0) continue;
    const example = missing[0]
      ? `missing ${missing[0]}`
      : extra[0]
        ? `extra ${extra[0]}`
        : `values of ${changed[0]![0]}`;
    differences.push(
      `${table}: ${have.size} records, ${want.size} expected; ${missing.length} missing, ${extra.length} extra, ${changed.length} with other values (e.g. ${example})`,
    );
  }
  return differences;
}
