import { checkValue } from './check-value.js';
import { findTable, syncedTablesParentFirst } from './model.js';
import type { Table } from './model.js';
import { idPattern } from './protocol/record-id.js';
import type { AnyWireRow } from './wire-types.js';

/** A pushed raw with `_status`/`_changed` stripped. */
export interface PushedRecord {
  readonly row: AnyWireRow;
  /** The columns the device edited (its `_changed`), or null: every column it sent. */
  readonly changed: readonly string[] | null;
}

export interface PushedTableChanges {
  readonly table: Table;
  readonly created: readonly PushedRecord[];
  readonly updated: readonly PushedRecord[];
  readonly deleted: readonly string[];
}

export interface ValidatedPush {
  /** Tables with changes, parents before children; `device_only` tables are left out. */
  readonly tables: readonly PushedTableChanges[];
  /** `lastPulledAt` of a wrapped body, when it carried one. */
  readonly lastPulledAt: number | null;
}

export interface PushProblem {
  readonly table?: string;
  readonly id?: string;
  readonly column?: string;
  readonly problem: string;
}

export type PushValidation =
  | { readonly ok: true; readonly value: ValidatedPush }
  | { readonly ok: false; readonly problems: readonly PushProblem[] };

const maxProblems = 20;
const listKeys = new Set(['created', 'updated', 'deleted']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class Problems {
  readonly list: PushProblem[] = [];
  add(problem: PushProblem): void {
    if (this.list.length < maxProblems) this.list.push(problem);
  }
  get any(): boolean {
    return this.list.length > 0;
  }
}

function readChanged(raw: Record<string, unknown>, table: Table, problems: Problems, id: string) {
  const changed = raw['_changed'];
  if (changed === undefined || changed === null) return null;
  if (typeof changed !== 'string') {
    problems.add({ table: table.name, id, column: '_changed', problem: 'must be a string' });
    return null;
  }
  // Names the device no longer has in its schema are not ours to write.
  const names = changed
    .split(',')
    .map((name) => name.trim())
    .filter((name) => table.columnsByName.has(name));
  return names.length > 0 ? names : null;
}

function readRecord(raw: unknown, table: Table, problems: Problems): PushedRecord | undefined {
  if (!isPlainObject(raw)) {
    problems.add({
      table: table.name,
      problem: 'each created or updated record must be an object',
    });
    return undefined;
  }
  const id = raw['id'];
  if (typeof id !== 'string' || !idPattern.test(id)) {
    problems.add({
      table: table.name,
      column: 'id',
      problem: 'id must match [A-Za-z0-9_.-]{1,64}',
    });
    return undefined;
  }
  const row: AnyWireRow = Object.create(null) as AnyWireRow;
  row.id = id;
  for (const key of Object.keys(raw)) {
    if (key === 'id' || key === '_status' || key === '_changed') continue;
    const column = table.columnsByName.get(key);
    if (!column) {
      problems.add({
        table: table.name,
        id,
        column: key,
        problem: 'is not a column of this table',
      });
      continue;
    }
    const value = raw[key];
    const problem = checkValue(column, value);
    if (problem) {
      problems.add({ table: table.name, id, column: key, problem });
      continue;
    }
    // JSON can carry -0, but neither JSON.stringify nor PostgreSQL keeps it:
    // store 0, so the value a device pulls is the value the server compares.
    row[key] = Object.is(value, -0) ? 0 : (value as string | number | boolean | null);
  }
  return { row, changed: readChanged(raw, table, problems, id) };
}

function readTable(
  name: string,
  value: unknown,
  problems: Problems,
): PushedTableChanges | undefined {
  const table = findTable(name);
  if (!table) {
    problems.add({ table: name, problem: 'is not a table of schema version 9' });
    return undefined;
  }
  if (!isPlainObject(value)) {
    problems.add({ table: name, problem: 'must be an object of created, updated and deleted' });
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (!listKeys.has(key)) problems.add({ table: name, problem: `has an unknown key "${key}"` });
  }
  const seen = new Set<string>();
  const claim = (id: string) => {
    if (seen.has(id))
      problems.add({ table: name, id, problem: 'appears more than once in this push' });
    seen.add(id);
  };
  const readList = (key: 'created' | 'updated'): PushedRecord[] => {
    const list = value[key] ?? [];
    if (!Array.isArray(list)) {
      problems.add({ table: name, problem: `${key} must be an array` });
      return [];
    }
    const records: PushedRecord[] = [];
    for (const raw of list) {
      const record = readRecord(raw, table, problems);
      if (record) {
        claim(record.row.id);
        records.push(record);
      }
    }
    return records;
  };
  const created = readList('created');
  const updated = readList('updated');
  const deletedList = value['deleted'] ?? [];
  const deleted: string[] = [];
  if (!Array.isArray(deletedList)) {
    problems.add({ table: name, problem: 'deleted must be an array of ids' });
  } else {
    for (const id of deletedList) {
      if (typeof id !== 'string' || !idPattern.test(id)) {
        problems.add({ table: name, problem: 'deleted ids must match [A-Za-z0-9_.-]{1,64}' });
      } else {
        claim(id);
        deleted.push(id);
      }
    }
  }
  return { table, created, updated, deleted };
}

/**
 * Checks a whole push body (bare or wrapped) against the schema before
 * anything is written: table names, keys, column names and types, ids.
 *
 * @example
 * const result = validatePush(JSON.parse(body));
 * if (!result.ok) reply(400, result.problems);
 */
export function validatePush(body: unknown): PushValidation {
  const problems = new Problems();
  if (!isPlainObject(body)) {
    return { ok: false, problems: [{ problem: 'the body must be a JSON object of changes' }] };
  }
  let changes: unknown = body;
  let lastPulledAt: number | null = null;
  if ('changes' in body) {
    changes = body['changes'];
    const lpa = body['lastPulledAt'] ?? body['last_pulled_at'] ?? null;
    if (lpa !== null && (typeof lpa !== 'number' || !Number.isSafeInteger(lpa) || lpa < 0)) {
      problems.add({ problem: 'lastPulledAt must be a non-negative integer or null' });
    } else {
      lastPulledAt = lpa;
    }
    if (!isPlainObject(changes)) {
      return { ok: false, problems: [{ problem: 'changes must be a JSON object' }] };
    }
  }
  const byName = new Map<string, PushedTableChanges>();
  for (const [name, value] of Object.entries(changes as Record<string, unknown>)) {
    const tableChanges = readTable(name, value, problems);
    if (tableChanges && tableChanges.table.sync !== 'device_only') byName.set(name, tableChanges);
  }
  if (problems.any) return { ok: false, problems: problems.list };
  const tables = syncedTablesParentFirst.flatMap((t) => {
    const found = byName.get(t.name);
    return found ? [found] : [];
  });
  return { ok: true, value: { tables, lastPulledAt } };
}
