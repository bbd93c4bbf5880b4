import { getTable } from '@clinicsync/schema';
import type { Column, TableName } from '@clinicsync/schema';
import type { Random } from './random.js';

/** The tables the soak edits: a patient, its visits, and events within them. */
export const soakTables = ['patients', 'visits', 'events'] as const;
export type SoakTable = (typeof soakTables)[number];

// Bookkeeping the devices stamp themselves, and ids (links, clinics, users)
// whose meaning the soak does not model: a clinician edits the rest.
const notEdited = new Set([
  'created_at',
  'updated_at',
  'deleted_at',
  'is_deleted',
  'last_modified',
  'last_modified_by',
  'server_created_at',
]);

/** The columns a clinician edits in `table`. */
export function editableColumns(table: TableName): readonly Column[] {
  return getTable(table).columns.filter(
    (c) => !notEdited.has(c.name) && !c.name.endsWith('_id') && c.name !== 'id',
  );
}

const words = [
  'Amina',
  'Haddad',
  'Ñandú',
  'Zoë',
  'مريض',
  "O'Brien",
  '"quoted"',
  'back\\slash',
  '🩺',
  "Robert'); DROP TABLE patients;--",
  'Łódź',
  '患者',
  'tab\there',
  'line\nbreak',
];

/** A value of the column's kind that survives the round trip exactly. */
export function randomValue(column: Column, random: Random): string | number | boolean | null {
  if (column.optional && random.chance(0.05)) return null;
  const n = random.int(0, 1_000_000);
  switch (column.kind) {
    case 'text':
      return `${random.pick(words)} ${column.name} ${n}`;
    case 'json':
      return JSON.stringify({ n, note: random.pick(words), list: [n % 7, n / 4, 'três'] });
    case 'time':
      return 1_600_000_000_000 + n * 97_003;
    case 'date': {
      const day = String(random.int(1, 28)).padStart(2, '0');
      const month = String(random.int(1, 12)).padStart(2, '0');
      return `${random.int(1930, 2025)}-${month}-${day}`;
    }
    case 'float':
      // Quarters are exact in binary: no rounding can hide a changed value.
      return n / 4;
    case 'boolean':
      return random.chance(0.5);
    case 'decimal':
      return `${n}.${String(n % 100).padStart(2, '0')}`;
  }
}

/** Random values for `count` distinct editable columns of `table` (all of them when omitted). */
export function randomValues(
  table: TableName,
  random: Random,
  count?: number,
): Record<string, unknown> {
  const columns = [...editableColumns(table)];
  const chosen: Column[] = [];
  const wanted = Math.min(count ?? columns.length, columns.length);
  while (chosen.length < wanted) {
    chosen.push(columns.splice(random.int(0, columns.length - 1), 1)[0]!);
  }
  return Object.fromEntries(chosen.map((c) => [c.name, randomValue(c, random)]));
}
