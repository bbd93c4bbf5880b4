import { idPattern, schemaVersion } from '@clinicsync/schema';
import { AppError } from '../errors.js';

export interface PullQuery {
  readonly lastPulledAt: number;
  readonly schemaVersion: number | null;
  readonly migration: { tables: string[]; columns: [string, string[]][] } | null;
  readonly limit: number | null;
  readonly next: string | null;
}

const maxPageSize = 50_000;

function first(value: unknown): string | undefined {
  if (Array.isArray(value)) return first(value[0]);
  return typeof value === 'string' ? value : undefined;
}

function pick(query: Record<string, unknown>, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = first(query[name]);
    if (value !== undefined) return value;
  }
  return undefined;
}

function readInteger(
  text: string | undefined,
  name: string,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
) {
  if (text === undefined || text === '' || text === 'null' || text === 'undefined') return null;
  if (!/^\d+$/.test(text))
    throw new AppError('bad_request', `${name} must be a non-negative integer.`);
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new AppError('bad_request', `${name} must be an integer from ${min} to ${max}.`);
  }
  return value;
}

function readMigration(text: string | undefined): PullQuery['migration'] {
  if (text === undefined || text === '' || text === 'null' || text === 'undefined') return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError('bad_request', 'migration must be URL-encoded JSON or null.');
  }
  if (value === null) return null;
  const bad = () =>
    new AppError(
      'bad_request',
      'migration must be {"from": n, "tables": [...], "columns": [{"table": t, "columns": [...]}]}.',
    );
  if (typeof value !== 'object' || Array.isArray(value)) throw bad();
  const { tables = [], columns = [] } = value as { tables?: unknown; columns?: unknown };
  if (!Array.isArray(tables) || !tables.every((t) => typeof t === 'string' && t.length <= 64))
    throw bad();
  if (!Array.isArray(columns)) throw bad();
  const pairs: [string, string[]][] = [];
  for (const entry of columns) {
    const { table, columns: names } = (entry ?? {}) as { table?: unknown; columns?: unknown };
    if (
      typeof table !== 'string' ||
      !Array.isArray(names) ||
      !names.every((n) => typeof n === 'string')
    ) {
      throw bad();
    }
    pairs.push([table, names as string[]]);
  }
  if (tables.length > 64 || pairs.length > 64) throw bad();
  return { tables: tables as string[], columns: pairs };
}

/** Reads a pull's query string; snake_case and camelCase spellings are both accepted. */
export function parsePullQuery(query: Record<string, unknown>): PullQuery {
  const version = readInteger(pick(query, 'schema_version', 'schemaVersion'), 'schema_version', 1);
  if (version !== null && version > schemaVersion) {
    throw new AppError(
      'bad_request',
      `This server speaks schema version ${schemaVersion}, not ${version}.`,
    );
  }
  const next = pick(query, 'next') ?? null;
  if (next !== null && next.length > 4096) throw new AppError('bad_request', 'next is too long.');
  return {
    lastPulledAt:
      readInteger(pick(query, 'last_pulled_at', 'lastPulledAt'), 'last_pulled_at', 0) ?? 0,
    schemaVersion: version,
    migration: readMigration(pick(query, 'migration')),
    limit: readInteger(pick(query, 'limit'), 'limit', 1, maxPageSize),
    next: next === '' ? null : next,
  };
}

/** The device's `X-Device-Id`, checked like a record id; absent for stock WatermelonDB apps. */
export function readDeviceId(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value === '') return null;
  if (!idPattern.test(value)) {
    throw new AppError('bad_request', 'X-Device-Id must match [A-Za-z0-9_.-]{1,64}.');
  }
  return value;
}
