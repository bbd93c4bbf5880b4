import type { SignInResult, SqlDriver, SqlStatement } from '@clinicsync/client/node';

/**
 * What `clinicsync device init` keeps in the device database, beside the
 * SDK's tables: the server, the sign-in (token, user, expiry; never the
 * password) and when the last sync finished. One row per key, so an older
 * file keeps working when a key is added.
 */
export interface DeviceState {
  readonly serverUrl: string;
  readonly token: string;
  readonly user: SignInResult['user'];
  readonly expiresAt: string;
  /** A random salt of this database: `simulate` mixes it into its seed so two devices make different ids. */
  readonly deviceKey: string;
  /** When the last successful sync ended (ISO 8601), or null before the first. */
  readonly lastSyncAt: string | null;
}

const stateTable = '_clinicsync_cli';

const createTable: SqlStatement = {
  sql: `CREATE TABLE IF NOT EXISTS ${stateTable} (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)`,
  params: [],
};

function put(key: string, value: string): SqlStatement {
  return {
    sql: `INSERT INTO ${stateTable} (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
    params: [key, value],
  };
}

/** The stored state, or null when the database was never set up with `device init`. */
export async function readDeviceState(driver: SqlDriver): Promise<DeviceState | null> {
  await driver.batch([createTable]);
  const rows = await driver.query<{ key: string; value: string }>(
    `SELECT key, value FROM ${stateTable}`,
  );
  const values = new Map(rows.map((row) => [row.key, row.value]));
  const serverUrl = values.get('server_url');
  const token = values.get('token');
  const user = values.get('user');
  const expiresAt = values.get('expires_at');
  const deviceKey = values.get('device_key');
  if (!serverUrl || !token || !user || !expiresAt || !deviceKey) return null;
  return {
    serverUrl,
    token,
    user: JSON.parse(user) as SignInResult['user'],
    expiresAt,
    deviceKey,
    lastSyncAt: values.get('last_sync_at') ?? null,
  };
}

/** Stores a sign-in in one transaction (keeps the device key and last sync of an earlier one). */
export async function saveSignIn(
  driver: SqlDriver,
  serverUrl: string,
  signedIn: SignInResult,
): Promise<void> {
  await driver.batch([
    createTable,
    put('server_url', serverUrl),
    put('token', signedIn.token),
    put('user', JSON.stringify(signedIn.user)),
    put('expires_at', signedIn.expires_at),
    {
      sql: `INSERT INTO ${stateTable} (key, value) VALUES ('device_key', ?) ON CONFLICT(key) DO NOTHING`,
      params: [crypto.randomUUID()],
    },
  ]);
}

/** Records the end of a successful sync. */
export async function saveLastSync(driver: SqlDriver, at: Date): Promise<void> {
  await driver.batch([createTable, put('last_sync_at', at.toISOString())]);
}

/**
 * The device id the SDK made on the first sync (it keeps it in
 * `_clinicsync_meta`, see packages/client/README.md), or null before.
 */
export async function readDeviceId(driver: SqlDriver): Promise<string | null> {
  const [row] = await driver.query<{ value: string }>(
    `SELECT value FROM _clinicsync_meta WHERE key = 'device_id'`,
  );
  return row?.value ?? null;
}

/**
 * The SDK's store-wide write counter (`rev` in `_clinicsync_meta`): it grows
 * with every local write, so it tells one state of the local data from another.
 */
export async function readWriteCounter(driver: SqlDriver): Promise<number> {
  const [row] = await driver.query<{ value: string }>(
    `SELECT value FROM _clinicsync_meta WHERE key = 'rev'`,
  );
  return Number(row?.value ?? 0);
}
