import { createInterface } from 'node:readline/promises';
import { syncedTables } from '@clinicsync/schema';
import { erasePatient } from '@clinicsync/server';
import type { Database } from '@clinicsync/server';
import { CliError } from './cli-error.js';
import { withCliDatabase } from './open-cli-database.js';
import type { StorageFlags } from './storage-options.js';

export interface ErasePatientFlags extends StorageFlags {
  /** The email of the administrator on whose authority the patient is erased. */
  readonly by: string;
  /** Skip the confirmation (scripts). */
  readonly yes?: boolean;
}

/** Asks the operator to type the id back: an erasure cannot be undone. */
async function confirm(patientId: string): Promise<void> {
  if (!process.stdin.isTTY) {
    throw new CliError('Erasure cannot be undone: confirm at a terminal, or pass --yes.');
  }
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const typed = await prompt.question(
      `Erase patient ${patientId} and every record under it, for good? Type its id to confirm: `,
    );
    if (typed.trim() !== patientId) throw new CliError('Not confirmed: nothing was erased.');
  } finally {
    prompt.close();
  }
}

async function administratorId(db: Database, email: string): Promise<string> {
  const [user] = await db.query<{ id: string }>(
    'SELECT id FROM users WHERE lower(email) = lower($1) AND NOT _deleted',
    [email],
  );
  if (!user) throw new CliError(`No user has the email ${email}.`);
  return user.id;
}

/**
 * Reclaims the space of the row versions the erasure replaced, so the old
 * values do not linger as dead rows until autovacuum gets to them. (The
 * write-ahead log and earlier backups still hold them: docs/security.md.)
 */
async function vacuumErased(db: Database): Promise<void> {
  const names = syncedTables
    .filter((t) => t.sync === 'device_writable')
    .map((t) => `"${t.name}"`)
    .concat(['change_history', 'conflicts']);
  await db.query(`VACUUM ${names.join(', ')}`);
}

/** `clinicsync admin erase-patient ID --by EMAIL`. */
export async function erasePatientCommand(
  patientId: string,
  flags: ErasePatientFlags,
): Promise<void> {
  if (!flags.yes) await confirm(patientId);
  const erased = await withCliDatabase(flags, async (db) => {
    const result = await erasePatient(db, patientId, await administratorId(db, flags.by));
    await vacuumErased(db);
    return result;
  });
  process.stdout.write(
    [
      `Erased patient ${erased.patientId} on the authority of ${flags.by} at ${erased.erasedAt}:`,
      `  ${erased.records} records blanked, ${erased.historyEntries} history entries emptied, ${erased.conflicts} conflict log entries dropped.`,
      erased.wasLive
        ? '  Devices drop the patient on their next sync.'
        : '  The patient was already deleted: devices had dropped it.',
      '',
    ].join('\n'),
  );
}
