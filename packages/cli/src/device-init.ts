import { existsSync, rmSync } from 'node:fs';
import { ClinicSyncError, signIn } from '@clinicsync/client/node';
import type { SignInResult } from '@clinicsync/client/node';
import { CliError } from './cli-error.js';
import { deviceFailure, openDeviceFile } from './device-open.js';
import { readDeviceState, saveSignIn } from './device-state.js';
import { readPassword } from './read-password.js';

export interface DeviceInitFlags {
  readonly server: string;
  readonly email: string;
  readonly db: string;
  readonly force?: boolean;
}

async function signInOrExplain(flags: DeviceInitFlags): Promise<SignInResult> {
  const password = await readPassword({ prompt: `Password for ${flags.email}: ` });
  try {
    return await signIn(flags.server, flags.email, password, { timeoutMs: 15_000 });
  } catch (error) {
    if (error instanceof ClinicSyncError && error.code === 'network') {
      throw new CliError(
        `Cannot reach ${flags.server}: is the server running (\`npm start\`) and the URL right? ${error.message}`,
      );
    }
    if (error instanceof ClinicSyncError) {
      throw new CliError(`Sign-in to ${flags.server} failed: ${error.message}`);
    }
    throw error;
  }
}

/** The SQLite file and its WAL companions. */
function removeDatabase(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
}

/**
 * `device init`: signs in, then stores the server and the sign-in in the
 * device database (created if missing). Nothing is written when the sign-in
 * fails. A database of another server is refused unless `force`, which
 * starts over with an empty database.
 */
export async function initDevice(flags: DeviceInitFlags): Promise<void> {
  const signedIn = await signInOrExplain(flags);
  if (existsSync(flags.db)) {
    const { driver, store } = await openDeviceFile(flags.db);
    const previous = await readDeviceState(driver)
      .catch((error: unknown) => {
        throw deviceFailure(error, flags.db);
      })
      .finally(() => store.close());
    if (previous && previous.serverUrl !== flags.server) {
      if (!flags.force) {
        throw new CliError(
          `${flags.db} is the device database of ${previous.serverUrl}; ` +
            `use another --db, or add --force to delete it and start over with ${flags.server}.`,
        );
      }
      removeDatabase(flags.db);
    }
  }
  const { driver, store } = await openDeviceFile(flags.db);
  try {
    await saveSignIn(driver, flags.server, signedIn);
  } finally {
    await store.close();
  }
  const { user } = signedIn;
  process.stdout.write(
    `Signed in to ${flags.server} as ${user.email} (${user.name}, ${user.role}); ` +
      `the sign-in is valid until ${signedIn.expires_at}.\n` +
      `Device database: ${flags.db}. Next: clinicsync device sync --db ${flags.db}\n`,
  );
}
