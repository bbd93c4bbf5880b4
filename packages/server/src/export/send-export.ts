import { PassThrough } from 'node:stream';
import type { FastifyBaseLogger, FastifyReply } from 'fastify';
import type { Database, Transaction } from '../db/database.js';

/** What an export answers with: its media type and the name the browser saves it under. */
export interface ExportFile {
  readonly type: string;
  readonly filename: string;
}

/** Rows fetched per cursor round trip: a batch is all an export holds in memory. */
export const exportBatchSize = 500;

/**
 * Streams an export as a download: `write` reads its rows through cursors in
 * `tx` (one REPEATABLE READ snapshot, so the file is one consistent state)
 * and writes them to `out` as they come, waiting while the client is slow.
 * Once the answer has begun, a failure can only cut it (the download is
 * then incomplete, and the browser says so).
 *
 * @example
 * await sendExport(db, reply, { type: 'text/csv', filename: 'patients.csv' }, log, writeCsv);
 */
export async function sendExport(
  db: Database,
  reply: FastifyReply,
  file: ExportFile,
  log: FastifyBaseLogger,
  write: (tx: Transaction, out: PassThrough) => Promise<void>,
): Promise<void> {
  const out = new PassThrough();
  let sending = false;
  try {
    await db.transaction(async (tx) => {
      void reply
        .type(file.type)
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .send(out);
      sending = true;
      await write(tx, out);
    }, 'repeatable read');
    if (!out.writableEnded) out.end();
  } catch (error) {
    if (!sending) throw error;
    log.error({ err: error }, 'export failed while streaming');
    out.destroy(error as Error);
  }
}

/** Waits until `out` has room again (the client caught up); fails if the client went away. */
export async function drained(out: PassThrough): Promise<void> {
  if (out.destroyed) throw new Error('the client closed the connection');
  if (!out.writableNeedDrain) return;
  await new Promise<void>((resolve, reject) => {
    const onDrain = () => {
      out.off('close', onClose);
      resolve();
    };
    const onClose = () => {
      out.off('drain', onDrain);
      reject(new Error('the client closed the connection'));
    };
    out.once('drain', onDrain);
    out.once('close', onClose);
  });
}

/** `clinicsync-<what>-<YYYY-MM-DD>.<ext>`: what a browser saves the export as. */
export function exportFilename(what: string, ext: string, now = new Date()): string {
  return `clinicsync-${what}-${now.toISOString().slice(0, 10)}.${ext}`;
}
