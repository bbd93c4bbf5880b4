import { z } from 'zod';

/** `GET /api/health`: liveness, no auth; 503 with `ok: false` when the database does not answer. */
export const healthAnswer = z
  .object({ ok: z.boolean(), version: z.string(), database: z.enum(['pglite', 'postgres']) })
  .meta({ id: 'Health' });
