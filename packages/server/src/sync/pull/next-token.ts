import type { MigrationRequest } from '@clinicsync/schema';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import type { PagePosition } from './read-page.js';

/** What a paged pull carries from page to page, opaque to the device. */
export interface PagingState {
  readonly timestamp: number;
  readonly since: number;
  readonly withDeleted: boolean;
  readonly position: PagePosition;
  readonly migration: MigrationRequest | null;
}

const stateSchema = z.object({
  v: z.literal(1),
  ts: z.number().int().positive(),
  since: z.number().int().nonnegative(),
  del: z.boolean(),
  ti: z.number().int().nonnegative(),
  id: z.string().max(64),
  mig: z
    .object({
      tables: z.array(z.string().max(64)).max(64),
      columns: z.array(z.tuple([z.string().max(64), z.array(z.string().max(64)).max(64)])).max(64),
    })
    .nullable(),
});

export function encodeNextToken(state: PagingState): string {
  const payload = {
    v: 1,
    ts: state.timestamp,
    since: state.since,
    del: state.withDeleted,
    ti: state.position.table,
    id: state.position.afterId,
    mig: state.migration,
  };
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

/** Reads a `next` token; a token that is not one of ours is a 400. */
export function decodeNextToken(token: string): PagingState {
  let parsed: z.infer<typeof stateSchema>;
  try {
    parsed = stateSchema.parse(JSON.parse(Buffer.from(token, 'base64url').toString('utf8')));
  } catch {
    throw new AppError(
      'bad_request',
      'next is not a paging token from this server; start the pull again without it.',
    );
  }
  return {
    timestamp: parsed.ts,
    since: parsed.since,
    withDeleted: parsed.del,
    position: { table: parsed.ti, afterId: parsed.id },
    migration: parsed.mig,
  };
}
