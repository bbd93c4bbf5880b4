import { pushAnswer, recordId } from '@clinicsync/schema';
import type { TableName } from '@clinicsync/schema';
import { z } from 'zod';
import { ClinicSyncError } from '../errors.js';
import type { LocalChange } from './fetch-local-changes.js';
import { requestJson } from './http-client.js';
import type { HttpClient, NetworkFailure } from './http-client.js';
import type { RejectedRecord } from './sync-types.js';
import { withRetry } from './with-retry.js';
import type { RetryPolicy } from './with-retry.js';

/** Bytes of `text` in UTF-8, counted without encoding it. */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      bytes += 4; // a surrogate pair: one 4-byte character
      i++;
    } else bytes += 3;
  }
  return bytes;
}

// `{"changes":{},"lastPulledAt":9007199254740991}`: room kept for the body.
const bodyOverhead = 64;

/** Bytes of a table's `"name":{"created":[],"updated":[],"deleted":[]},` (names are ASCII). */
function tableOverhead(name: TableName): number {
  return name.length + 44;
}

/** The body of the push for `records`. */
export function pushBody(records: readonly LocalChange[], lastPulledAt: number): string {
  const byTable = new Map<TableName, { created: string[]; updated: string[]; deleted: string[] }>();
  for (const record of records) {
    let lists = byTable.get(record.table.name);
    if (!lists) byTable.set(record.table.name, (lists = { created: [], updated: [], deleted: [] }));
    lists[record.kind].push(record.json);
  }
  const tables = [...byTable].map(
    ([name, l]) =>
      `${JSON.stringify(name)}:{"created":[${l.created.join(',')}],"updated":[${l.updated.join(',')}],"deleted":[${l.deleted.join(',')}]}`,
  );
  return `{"changes":{${tables.join(',')}},"lastPulledAt":${lastPulledAt}}`;
}

/**
 * Groups records into pushes whose body stays within `maxBytes`. Records
 * come parents first, so the pushes do too.
 */
export class PushChunker {
  private records: LocalChange[] = [];
  private tables = new Set<TableName>();
  private bytes = bodyOverhead;

  constructor(private readonly maxBytes: number) {}

  /** Adds a record; returns the full chunk it did not fit in, if any. */
  add(record: LocalChange): LocalChange[] | undefined {
    const name = record.table.name;
    const size = utf8Length(record.json) + 1;
    const extra = this.tables.has(name) ? 0 : tableOverhead(name);
    const full =
      this.records.length > 0 && this.bytes + size + extra > this.maxBytes
        ? this.take()
        : undefined;
    if (!this.tables.has(name)) {
      this.tables.add(name);
      this.bytes += tableOverhead(name);
    }
    this.records.push(record);
    this.bytes += size;
    return full;
  }

  take(): LocalChange[] {
    const records = this.records;
    this.records = [];
    this.tables = new Set();
    this.bytes = bodyOverhead;
    return records;
  }
}

/**
 * The protocol's push answer, with any reason in words: a reason this SDK
 * does not know yet (a newer server, another WatermelonDB backend) must not
 * make a push that was applied look unconfirmed; it reaches the app as sent.
 */
const lenientPushAnswer = pushAnswer.extend({
  rejected: z.array(z.object({ table: z.string(), id: recordId, reason: z.string() })).optional(),
});

/**
 * The refused records of an answer: WatermelonDB's `experimentalRejectedIds`
 * says which (the only form other WatermelonDB servers send), our `rejected`
 * adds why.
 */
function rejectionsOf(answer: z.output<typeof lenientPushAnswer>): RejectedRecord[] {
  const reasons = new Map<string, string>();
  for (const r of answer.rejected ?? []) reasons.set(`${r.table}\u0000${r.id}`, r.reason);
  const rejected: RejectedRecord[] = [];
  for (const [table, ids] of Object.entries(answer.experimentalRejectedIds ?? {})) {
    for (const id of ids) {
      const reason = reasons.get(`${table}\u0000${id}`) ?? 'refused by the server';
      rejected.push({ table, id, reason });
    }
  }
  return rejected;
}

export interface PushedChunk {
  readonly records: readonly LocalChange[];
  readonly rejected: readonly RejectedRecord[];
  readonly requests: number;
}

/**
 * A push body at least this large whose connection drops while it is out
 * is split as for a 413: a server or proxy that refuses a big body by
 * closing the connection (instead of answering 413 and reading on) resets
 * the sender, and sending the same size again would fail the same way.
 */
export const splitOnDropBytes = 1024 * 1024;

/** Whether a failed push of `bodyBytes` is to be split rather than retried as it is. */
function droppedWhileSending(error: unknown, bodyBytes: number): boolean {
  if (bodyBytes < splitOnDropBytes || !(error instanceof ClinicSyncError)) return false;
  const failure = (error.details as { failure?: NetworkFailure } | undefined)?.failure;
  // A browser's fetch does not say why a connection failed: any failure but a timeout counts.
  return error.code === 'network' && (failure === 'dropped' || failure === 'unknown');
}

/**
 * `POST /api/v2/sync` of `records`, retried like any request. A 413 (the
 * server takes less than `maxPushBytes`), or a connection dropped while a
 * body of `splitOnDropBytes` or more was sent, splits the records in two and
 * pushes each half. Errors: those of requestJson (`invalid_push` carries the
 * server's problems in `details`), and `payload_too_large` naming the record
 * when a single record is over the server's limit.
 */
export async function pushChanges(
  client: HttpClient,
  records: readonly LocalChange[],
  lastPulledAt: number,
  retry: RetryPolicy,
  signal: AbortSignal | undefined,
): Promise<PushedChunk> {
  try {
    // An answer that is not `{ok: true, …}` is `bad_response`: the push is not
    // confirmed, its records stay pending and are sent again next sync.
    const body = pushBody(records, lastPulledAt);
    const bodyBytes = utf8Length(body);
    const answer = await withRetry(
      async () => {
        try {
          return await requestJson(
            client,
            { method: 'POST', path: `/api/v2/sync?last_pulled_at=${lastPulledAt}`, body, signal },
            lenientPushAnswer,
          );
        } catch (error) {
          if (records.length < 2 || !droppedWhileSending(error, bodyBytes)) throw error;
          throw new ClinicSyncError(
            'payload_too_large',
            'The connection dropped while the push was sent; it goes again in halves.',
            { cause: error },
          );
        }
      },
      retry,
      signal,
    );
    return { records, rejected: rejectionsOf(answer), requests: 1 };
  } catch (error) {
    if (!(error instanceof ClinicSyncError) || error.code !== 'payload_too_large') throw error;
    const [first] = records;
    if (records.length === 1 && first) {
      throw new ClinicSyncError(
        'payload_too_large',
        `${first.table.name} ${first.id} is larger than the server accepts; shorten it (e.g. a big note or form) and sync again.`,
        { status: 413, details: { table: first.table.name, id: first.id } },
      );
    }
    const half = Math.ceil(records.length / 2);
    const a = await pushChanges(client, records.slice(0, half), lastPulledAt, retry, signal);
    const b = await pushChanges(client, records.slice(half), lastPulledAt, retry, signal);
    return {
      records,
      rejected: [...a.rejected, ...b.rejected],
      requests: a.requests + b.requests + 1,
    };
  }
}
