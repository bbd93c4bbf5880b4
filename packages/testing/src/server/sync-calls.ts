import type { AnyWireRow, PullResponse } from '@clinicsync/schema';
import type { FastifyInstance } from 'fastify';
import type { Queryable } from '@clinicsync/server';

export interface CallOptions {
  readonly auth: string;
  readonly deviceId?: string;
}

function headers(options: CallOptions): Record<string, string> {
  return {
    authorization: options.auth,
    ...(options.deviceId ? { 'x-device-id': options.deviceId } : {}),
  };
}

/** One pull through the real route; throws on a non-200 answer. */
export async function pull(
  app: FastifyInstance,
  options: CallOptions,
  lastPulledAt: number | null,
  extra = '',
): Promise<PullResponse> {
  const response = await app.inject({
    method: 'GET',
    url: `/api/v2/sync?last_pulled_at=${lastPulledAt ?? 'null'}&schema_version=9${extra}`,
    headers: headers(options),
  });
  if (response.statusCode !== 200) throw new Error(`pull ${response.statusCode}: ${response.body}`);
  return response.json<PullResponse>();
}

/** A paged pull to the end: every page's changes, and the final timestamp. */
export async function pullAllPages(
  app: FastifyInstance,
  options: CallOptions,
  lastPulledAt: number | null,
  limit: number,
): Promise<{ pages: PullResponse[]; timestamp: number }> {
  const pages: PullResponse[] = [];
  let next: string | undefined;
  for (;;) {
    const page = await pull(
      app,
      options,
      lastPulledAt,
      `&limit=${limit}${next ? `&next=${encodeURIComponent(next)}` : ''}`,
    );
    pages.push(page);
    if (!page.has_more) return { pages, timestamp: page.timestamp };
    next = page.next;
  }
}

/** One push through the real route; returns status and body. */
export async function push(
  app: FastifyInstance,
  options: CallOptions,
  lastPulledAt: number | null,
  changes: Record<string, unknown>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await app.inject({
    method: 'POST',
    url: `/api/v2/sync?last_pulled_at=${lastPulledAt ?? 'null'}`,
    headers: headers(options),
    payload: changes,
  });
  return { status: response.statusCode, body: response.json() };
}

/** Merges pages (or pulls) into one change set per table, for comparisons. */
export function mergeChanges(pulls: readonly PullResponse[]) {
  const merged: Record<
    string,
    { created: AnyWireRow[]; updated: AnyWireRow[]; deleted: string[] }
  > = {};
  for (const p of pulls) {
    for (const [table, changes] of Object.entries(p.changes)) {
      const target = (merged[table] ??= { created: [], updated: [], deleted: [] });
      target.created.push(...changes.created);
      target.updated.push(...changes.updated);
      target.deleted.push(...changes.deleted);
    }
  }
  for (const changes of Object.values(merged)) {
    changes.created.sort((a, b) => a.id.localeCompare(b.id));
    changes.updated.sort((a, b) => a.id.localeCompare(b.id));
    changes.deleted.sort();
  }
  return merged;
}

/**
 * A fingerprint of everything a push could change: every synced row with its
 * sync columns, the history, the conflict log and the counter.
 */
export async function snapshotDatabase(db: Queryable): Promise<string> {
  const tables = await db.query<{ name: string }>(
    "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('sync_log', 'pulls', 'auth_tokens', 'schema_migrations') ORDER BY 1",
  );
  const parts: string[] = [];
  for (const { name } of tables) {
    const rows = await db.query(`SELECT * FROM "${name}" ORDER BY 1`);
    parts.push(`${name}:${JSON.stringify(rows)}`);
  }
  return parts.join('\n');
}
