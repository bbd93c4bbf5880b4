import { findTable, idPattern, pullAnswer } from '@clinicsync/schema';
import type { Table } from '@clinicsync/schema';
import { packRows } from '../driver/packed-rows.js';
import type { SqlDriver, SqlValue } from '../driver/sql-driver.js';
import { ClinicSyncError } from '../errors.js';
import { encodePulled } from '../store/encode-values.js';
import { parseAnswer } from './http-client.js';
import type { PageTable, PulledPage } from './page-types.js';
import { scanPackedPage } from './scan-packed-page.js';
import type { AnswerContext, PreparedRequest } from './http-client.js';

export type { PageTable, PulledPage } from './page-types.js';

function badRow(table: string, problem: string): ClinicSyncError {
  return new ClinicSyncError(
    'bad_response',
    `The server sent a bad ${table} change (${problem}); sync stopped so nothing wrong is stored. Tell your administrator.`,
  );
}

function list(value: unknown, table: string, kind: string): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw badRow(table, `${kind} is not a list`);
  return value;
}

function checkedId(id: unknown, table: string): string {
  if (typeof id !== 'string' || !idPattern.test(id))
    throw badRow(table, `id ${JSON.stringify(id)}`);
  return id;
}

/** [id, ...columns] in the order of mergeRemoteRowSql. */
function encodeRow(table: Table, raw: unknown): SqlValue[] {
  if (typeof raw !== 'object' || raw === null) throw badRow(table.name, 'a row is not an object');
  const row = raw as Record<string, unknown>;
  const id = checkedId(row['id'], table.name);
  const values: SqlValue[] = [id];
  for (const column of table.columns)
    values.push(encodePulled(table, column, row[column.name], id));
  return values;
}

/**
 * Checks and encodes a pulled change set table by table. Tables this schema
 * does not sync are skipped (a newer server); a malformed row is
 * `bad_response`, so nothing of the page is applied.
 */
export function decodeChanges(changes: Record<string, unknown>): PageTable[] {
  const tables: PageTable[] = [];
  for (const [name, value] of Object.entries(changes)) {
    const table = findTable(name);
    if (!table || table.sync === 'device_only') continue;
    if (typeof value !== 'object' || value === null) throw badRow(name, 'not an object');
    const { created, updated, deleted } = value as Record<string, unknown>;
    const createdRows = list(created, name, 'created');
    const updatedRows = list(updated, name, 'updated');
    const upserts: SqlValue[][] = [];
    for (const raw of createdRows) upserts.push(encodeRow(table, raw));
    for (const raw of updatedRows) upserts.push(encodeRow(table, raw));
    tables.push({
      name: table.name,
      created: createdRows.length,
      updated: updatedRows.length,
      upserts,
      patientIds: table.name === 'patients' ? upserts.map((values) => values[0] as string) : [],
      deletedIds: list(deleted, name, 'deleted').map((id) => checkedId(id, name)),
    });
  }
  return tables;
}

/**
 * Reads a page of `GET /api/v2/sync` from its body: decoded, parsed with
 * the protocol's `pullAnswer`, and its rows checked and encoded. Errors
 * (ClinicSyncError): those of parseAnswer, and `bad_response` for a bad row.
 * Runs in the page for Node; a browser reads its pages in a worker
 * (readPackedPage, PageStager).
 */
export function readPulledPage(body: ArrayBuffer, context: AnswerContext): PulledPage {
  const answer = parseAnswer(new TextDecoder().decode(body), pullAnswer, context);
  return {
    tables: decodeChanges(answer.changes),
    timestamp: answer.timestamp,
    // A server without paging ignores `limit` and answers everything at once.
    next: answer.has_more === true ? (answer.next ?? null) : null,
    estimate: answer.estimate ?? null,
    bytes: body.byteLength,
  };
}

/**
 * readPulledPage with each table's rows packed into one buffer: what a
 * browser's page reader worker answers, its buffers transferred. Our
 * server's pages are scanned from their bytes straight into packed rows
 * (scanPackedPage); any other page is read as JSON, then packed.
 */
export function readPackedPage(body: ArrayBuffer, context: AnswerContext): PulledPage {
  const scanned = context.status === 204 ? null : scanPackedPage(body);
  if (scanned) return scanned;
  const page = readPulledPage(body, context);
  return {
    ...page,
    tables: page.tables.map((table) =>
      'packed' in table.upserts
        ? table
        : { ...table, upserts: { packed: packRows(table.upserts) } },
    ),
  };
}

/**
 * A driver that fetches and reads pulled pages off the page's thread: in a
 * browser, a page reader worker sends the request, reads the page
 * (readPackedPage) while the database worker applies the one before, and
 * answers its rows packed, so no page's body reaches the page's thread.
 * Errors: those of sendRequest and readPulledPage.
 */
export interface PageStager {
  pullPage(request: PreparedRequest, signal: AbortSignal | undefined): Promise<PulledPage>;
}

/** `driver` as a PageStager, or null when it applies pages as they come. */
export function pageStager(driver: SqlDriver): PageStager | null {
  const stager = driver as Partial<PageStager>;
  return typeof stager.pullPage === 'function' ? (stager as PageStager) : null;
}
