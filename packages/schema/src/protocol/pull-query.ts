import { z } from 'zod';
import { schemaVersion } from '../tables.generated.js';

/** The most rows a paged pull's page may hold (`limit`). */
export const maxPageSize = 50_000;

/** What the query string's spellings of "nothing" mean: absent, as WatermelonDB sends them. */
const nothing = new Set(['', 'null', 'undefined']);

/** A whole number in a query string, from `min` to `max`; "nothing" reads as null. */
function wholeNumberParam(name: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return z.string().transform((text, ctx): number | null => {
    if (nothing.has(text)) return null;
    const value = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < min || value > max) {
      ctx.addIssue({
        code: 'custom',
        message: `${name} must be a whole number from ${min} to ${max}.`,
      });
      return z.NEVER;
    }
    return value;
  });
}

const migrationShape = z.object({
  from: z.number().int().optional(),
  tables: z.array(z.string().max(64)).max(64).default([]),
  columns: z
    .array(z.object({ table: z.string().max(64), columns: z.array(z.string().max(64)).max(256) }))
    .max(64)
    .default([]),
});

/** WatermelonDB migration sync: tables to send whole, columns to send wherever they are set. */
export interface MigrationRequest {
  readonly tables: readonly string[];
  readonly columns: readonly (readonly [string, readonly string[]])[];
}

const migrationParam = z
  .string()
  .meta({
    description:
      'URL-encoded JSON: null, or {"from": n, "tables": [...], "columns": [{"table": t, "columns": [...]}]}',
  })
  .transform((text, ctx): MigrationRequest | null => {
    if (nothing.has(text)) return null;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'migration must be URL-encoded JSON or null.' });
      return z.NEVER;
    }
    if (value === null) return null;
    const parsed = migrationShape.safeParse(value);
    if (!parsed.success) {
      ctx.addIssue({
        code: 'custom',
        message:
          'migration must be {"from": n, "tables": [...], "columns": [{"table": t, "columns": [...]}]}.',
      });
      return z.NEVER;
    }
    return {
      tables: parsed.data.tables,
      columns: parsed.data.columns.map((c) => [c.table, c.columns] as const),
    };
  });

const cursorParam = wholeNumberParam('last_pulled_at', 0).meta({
  description: "The timestamp of the device's previous pull; absent, 0 or null on a first sync.",
});

const schemaVersionParam = wholeNumberParam('schema_version', 1).refine(
  (version) => version === null || version <= schemaVersion,
  `This server speaks schema version ${schemaVersion} or older.`,
);

/** The cursor and schema version, in both spellings: what a pull and a push both read. */
const cursorParams = {
  last_pulled_at: cursorParam.optional(),
  lastPulledAt: cursorParam.optional(),
  schema_version: schemaVersionParam.optional(),
  schemaVersion: schemaVersionParam.optional(),
};

/**
 * `GET /api/v2/sync`'s query (PROTOCOL.md, "Pull"), read into what the
 * server uses: snake_case and camelCase spellings both accepted (the first
 * wins), "null" and "" read as absent. Other parameters are ignored.
 *
 * @example
 * pullQuery.parse({ last_pulled_at: '0', limit: '5000' });
 * // → { lastPulledAt: 0, schemaVersion: null, migration: null, limit: 5000, next: null }
 */
export const pullQuery = z
  .object({
    ...cursorParams,
    migration: migrationParam.optional(),
    limit: wholeNumberParam('limit', 1, maxPageSize)
      .optional()
      .meta({
        description: `Rows per page, all tables together (1–${maxPageSize}): a paged pull.`,
      }),
    next: z
      .string()
      .max(4096)
      .optional()
      .meta({ description: "The previous page's `next`; the same `last_pulled_at` with it." }),
  })
  .transform((query) => ({
    lastPulledAt: query.last_pulled_at ?? query.lastPulledAt ?? 0,
    schemaVersion: query.schema_version ?? query.schemaVersion ?? null,
    migration: query.migration ?? null,
    limit: query.limit ?? null,
    next: query.next || null,
  }));

export type PullQuery = z.output<typeof pullQuery>;

/** `POST /api/v2/sync`'s query: the cursor the push is based on (0 when absent). */
export const pushQuery = z
  .object({
    ...cursorParams,
  })
  .transform((query) => ({ lastPulledAt: query.last_pulled_at ?? query.lastPulledAt ?? 0 }));

export type PushQuery = z.output<typeof pushQuery>;
