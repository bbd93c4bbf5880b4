import type { Table, TableName } from '@clinicsync/schema';
import type { SqlValue } from '../driver/sql-driver.js';
import { ClinicSyncError } from '../errors.js';
import { columnList, columnOf, toSql } from './encode-values.js';
import { quote } from './local-schema.js';
import type { RecordOf } from './record-types.js';

/** Conditions on one column; several in one object must all hold. */
export interface Comparison<V> {
  readonly eq?: V | null;
  readonly ne?: V | null;
  readonly gt?: V;
  readonly gte?: V;
  readonly lt?: V;
  readonly lte?: V;
  readonly in?: readonly V[];
  /** SQL LIKE (case-insensitive for ASCII): `{like: 'Am%'}`. */
  readonly like?: string;
}

/** Column → value (equality; `null` matches null) or comparison. All must hold. */
export type Where<T extends TableName> = {
  readonly [C in keyof RecordOf<T>]?: RecordOf<T>[C] | Comparison<NonNullable<RecordOf<T>[C]>>;
};

export interface OrderBy<T extends TableName> {
  readonly column: keyof RecordOf<T> & string;
  readonly direction?: 'asc' | 'desc';
}

export interface QueryOptions<T extends TableName> {
  readonly where?: Where<T>;
  readonly orderBy?: readonly OrderBy<T>[];
  readonly limit?: number;
  readonly offset?: number;
}

const operators: Record<string, string> = {
  eq: '=',
  ne: '!=',
  gt: '>',
  gte: '>=',
  lt: '<',
  lte: '<=',
  like: 'LIKE',
};

function columnName(table: Table, name: string): string {
  if (name !== 'id') columnOf(table, name);
  return quote(name);
}

function sqlValue(table: Table, name: string, value: unknown): SqlValue {
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) {
    return toSql(value as string | number | boolean | null);
  }
  throw new ClinicSyncError(
    'invalid_value',
    `${table.name}.${name}: cannot compare with ${String(value)}.`,
  );
}

function conditions(table: Table, where: Record<string, unknown>, params: SqlValue[]): string[] {
  const parts: string[] = [];
  for (const [name, condition] of Object.entries(where)) {
    if (condition === undefined) continue;
    const column = columnName(table, name);
    const isComparison = typeof condition === 'object' && condition !== null;
    const entries = isComparison ? Object.entries(condition) : [['eq', condition] as const];
    for (const [op, value] of entries) {
      if (op === 'in') {
        const list = Array.isArray(value) ? value : [];
        if (list.length === 0) parts.push('0');
        else parts.push(`${column} IN (SELECT value FROM json_each(?))`);
        if (list.length > 0) params.push(JSON.stringify(list.map((v) => sqlValue(table, name, v))));
        continue;
      }
      const sqlOp = operators[op];
      if (!sqlOp)
        throw new ClinicSyncError(
          'invalid_value',
          `Unknown comparison "${op}" on ${table.name}.${name}.`,
        );
      if (value === null && (op === 'eq' || op === 'ne')) {
        parts.push(`${column} IS ${op === 'eq' ? '' : 'NOT '}NULL`);
        continue;
      }
      parts.push(`${column} ${sqlOp} ?`);
      params.push(sqlValue(table, name, value));
    }
  }
  return parts;
}

function whereClause(table: Table, where: object | undefined, params: SqlValue[]): string {
  const parts = [
    "_status != 'deleted'",
    ...conditions(table, (where ?? {}) as Record<string, unknown>, params),
  ];
  return `WHERE ${parts.join(' AND ')}`;
}

function checkCount(name: string, value: number | undefined): void {
  if (value !== undefined && (!Number.isSafeInteger(value) || value < 0)) {
    throw new ClinicSyncError('invalid_value', `${name} must be a non-negative integer.`);
  }
}

/** The SELECT of `query()`: records not marked deleted, filtered, ordered, limited. */
export function buildSelect(
  table: Table,
  options: QueryOptions<TableName>,
): { sql: string; params: SqlValue[] } {
  const params: SqlValue[] = [];
  let sql = `SELECT ${columnList(table)} FROM ${quote(table.name)} ${whereClause(table, options.where, params)}`;
  if (options.orderBy && options.orderBy.length > 0) {
    const order = options.orderBy.map(
      (o) => `${columnName(table, o.column)} ${o.direction === 'desc' ? 'DESC' : 'ASC'}`,
    );
    sql += ` ORDER BY ${order.join(', ')}`;
  }
  checkCount('limit', options.limit);
  checkCount('offset', options.offset);
  if (options.limit !== undefined || options.offset !== undefined) {
    sql += ' LIMIT ? OFFSET ?';
    params.push(options.limit ?? -1, options.offset ?? 0);
  }
  return { sql, params };
}

/** The SELECT count(*) of `count()`. */
export function buildCount(
  table: Table,
  where: object | undefined,
): { sql: string; params: SqlValue[] } {
  const params: SqlValue[] = [];
  return {
    sql: `SELECT count(*) AS n FROM ${quote(table.name)} ${whereClause(table, where, params)}`,
    params,
  };
}
