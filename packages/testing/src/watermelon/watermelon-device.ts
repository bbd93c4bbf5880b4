/**
 * A test device: the real, stock WatermelonDB 0.28 client (its SQLite adapter
 * on better-sqlite3, a private `:memory:` database) syncing with our server
 * over HTTP the way the Hikma Health mobile app does.
 *
 * What the app does, as read in hikmahealth/hikma-health-mobile:
 * - app/db/peerSync.ts (`syncCloud`, the current cloud path; app/db/sync.ts is
 *   its deprecated predecessor and app/models/Sync.ts its `syncPull`/`syncPush`,
 *   which send the same requests):
 *   - pull: `GET {api}/api/v2/sync?last_pulled_at=<lastPulledAt || 0>
 *     &schema_version=<n>&migration=<encodeURIComponent(JSON.stringify(migration))>`.
 *     Query names are snake_case; a first sync sends `last_pulled_at=0` (older
 *     builds sent the literal `null`) and `migration=null`. The only header is
 *     `Authorization: Basic base64(email:password)`. Only `changes` and
 *     `timestamp` of the answer reach `synchronize()`.
 *   - push: `POST {api}/api/v2/sync?last_pulled_at=<lastPulledAt || 0>` with
 *     Authorization and `Content-Type: application/json`; the body is
 *     `JSON.stringify(changes)`: the bare change set exactly as WatermelonDB
 *     builds it (every registered table, raws with `_status`/`_changed`).
 *   - a non-2xx answer throws with the status and body text. A 2xx push answer
 *     is never returned to WatermelonDB, so `experimentalRejectedIds` has no
 *     effect on the app: rejected records are marked synced anyway.
 *   - `synchronize({ sendCreatedAsUpdated: false, migrationsEnabledAtVersion: 1 })`,
 *     no conflict resolver; turbo sync is hard-disabled in sync.ts.
 *   - the pulled change set goes through `updateDates()` first (see
 *     `hikmaPullFixups` below).
 *   - before each sync the app also POSTs `/api/login` and `/api/auth/sign-in`
 *     (app/models/User.ts); this harness does not, our server has no such routes.
 * - app/db/index.ts: ids come from uuidv7 (`setGenerator`).
 * - app/db/model/*.ts: every model declares `createdAt`/`updatedAt`, so
 *   WatermelonDB stamps `created_at`/`updated_at` on create and bumps
 *   `updated_at` (marking it changed) on every update.
 * - app/db/migrations.ts: migrations 2..9; version 9 created `event_logs` and
 *   `peers` and added columns to `events`, `user_clinic_permissions` and
 *   `event_forms`.
 * The Hikma server (hikmahealth/hikma-health-server src/routes/api/v2.sync.tsx)
 * reads `schemaVersion` in camelCase, a name the app never sends.
 *
 * Diagnostics: WatermelonDB's custom diagnostic function and its logger are
 * process-wide, so each device runs every operation inside an
 * AsyncLocalStorage scope and the global hooks file what they see under the
 * device whose operation is running (concurrent devices stay apart). Anything
 * raised outside a device operation (e.g. a test using `device.database`
 * directly) lands in a global sink: `takeUnattributedDiagnostics()`.
 * Loading this module also installs uuidv7 as WatermelonDB's (process-wide)
 * id generator; vitest runs each test file in its own process.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { buildWatermelonAppSchema, findTable, tables, watermelonTables } from '@clinicsync/schema';
import type { Table, WatermelonTableInput } from '@clinicsync/schema';

// --- The parts of WatermelonDB this harness touches (its .d.ts files do not reach createRequire).

type RawRecord = { id: string; _status: string; _changed: string } & Record<string, unknown>;

interface WatermelonModel {
  readonly id: string;
  _raw: RawRecord;
  _getRaw(column: string): unknown;
  _setRaw(column: string, value: unknown): void;
  update(builder: (record: WatermelonModel) => void): Promise<WatermelonModel>;
  markAsDeleted(): Promise<void>;
}

interface WatermelonCollection {
  create(builder: (record: WatermelonModel) => void): Promise<WatermelonModel>;
  query(...clauses: unknown[]): { fetch(): Promise<WatermelonModel[]> };
}

/** The WatermelonDB `Database` members tests may reasonably reach for. */
export interface WatermelonDatabase {
  get(table: string): WatermelonCollection;
  write<T>(work: () => Promise<T>, description?: string): Promise<T>;
  readonly adapter: {
    readonly underlyingAdapter: { readonly _tag: number };
    getLocal(key: string): Promise<string | null>;
    setLocal(key: string, value: string): Promise<void>;
  };
}

type ModelClass = new (...args: never[]) => object;

interface MigrationStep {
  readonly type: string;
}

interface WatermelonModule {
  Database: new (options: { adapter: unknown; modelClasses: ModelClass[] }) => WatermelonDatabase;
  Model: ModelClass;
  Q: { where(column: string, value: string): unknown };
  appSchema(spec: { version: number; tables: unknown[] }): unknown;
  tableSchema(spec: WatermelonTableInput): unknown;
}

interface MigrationsModule {
  schemaMigrations(spec: { migrations: { toVersion: number; steps: MigrationStep[] }[] }): unknown;
  createTable(spec: WatermelonTableInput): MigrationStep;
  addColumns(spec: { table: string; columns: WatermelonTableInput['columns'] }): MigrationStep;
}

/** A record as it travels: pulled ones have no `_status`/`_changed`, pushed ones do. */
type WireRecord = { id: string } & Record<string, unknown>;
type SyncChangeSet = Record<
  string,
  { created: WireRecord[]; updated: WireRecord[]; deleted: string[] }
>;

interface SyncModule {
  synchronize(options: {
    database: WatermelonDatabase;
    pullChanges(params: {
      lastPulledAt: number | null;
      schemaVersion: number;
      migration: unknown;
    }): Promise<{ changes: SyncChangeSet; timestamp: number }>;
    pushChanges(params: {
      changes: SyncChangeSet;
      lastPulledAt: number;
    }): Promise<{ experimentalRejectedIds: Record<string, string[]> } | undefined>;
    sendCreatedAsUpdated: boolean;
    migrationsEnabledAtVersion?: number;
  }): Promise<void>;
  hasUnsyncedChanges(options: { database: WatermelonDatabase }): Promise<boolean>;
}

interface SqliteConnection {
  driver: { database: { instance: { close(): void } } };
}

// --- Loading WatermelonDB (CommonJS without an exports map: require, not import).

const require = createRequire(import.meta.url);
const watermelon = require('@nozbe/watermelondb') as WatermelonModule;
const SQLiteAdapter = (
  require('@nozbe/watermelondb/adapters/sqlite') as { default: new (options: object) => unknown }
).default;
const syncModule = require('@nozbe/watermelondb/sync') as SyncModule;
const migrationsModule = require('@nozbe/watermelondb/Schema/migrations') as MigrationsModule;
const diagnosticModule = require('@nozbe/watermelondb/utils/common/diagnosticError') as {
  useCustomDiagnosticErrorFunction(fn: (message: string) => Error): void;
};
const logger = (
  require('@nozbe/watermelondb/utils/common/logger') as {
    default: { silence(): void; warn: (...messages: unknown[]) => void };
  }
).default;
const randomIdModule = require('@nozbe/watermelondb/utils/common/randomId') as {
  setGenerator(generator: () => string): void;
};
// The adapter keeps each better-sqlite3 connection in this singleton; it has no close of its own.
const sqliteBridge = (
  require('@nozbe/watermelondb/adapters/sqlite/sqlite-node/DatabaseBridge') as {
    default: { connections: Record<number, SqliteConnection | undefined> };
  }
).default;

// --- Process-wide hooks, routed to the device whose operation is running.

/** What WatermelonDB reported while a device's operation ran. */
interface DeviceReports {
  readonly diagnostics: string[];
  readonly warnings: string[];
}

const deviceScope = new AsyncLocalStorage<DeviceReports>();
const unattributed: DeviceReports = { diagnostics: [], warnings: [] };

function currentReports(): DeviceReports {
  return deviceScope.getStore() ?? unattributed;
}

/** Diagnostics and warnings raised outside any device operation; clears them. */
export function takeUnattributedDiagnostics(): { diagnostics: string[]; warnings: string[] } {
  return {
    diagnostics: unattributed.diagnostics.splice(0),
    warnings: unattributed.warnings.splice(0),
  };
}

// WatermelonDB both throws (invariant) and merely logs (logError) what this
// function returns, so it must still hand back an Error.
diagnosticModule.useCustomDiagnosticErrorFunction((message) => {
  currentReports().diagnostics.push(message);
  const error = new Error(message);
  error.name = 'Diagnostic error';
  return error;
});
// Silenced: setup chatter and the console copy of every diagnostic. Warnings
// (e.g. "collection does not exist", a table the server should not send) are kept.
logger.silence();
logger.warn = (...messages) => {
  currentReports().warnings.push(messages.map(String).join(' '));
};

/** A version 7 UUID, as the Hikma app generates ids (the `uuidv7` package). */
function uuidv7(): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(Date.now(), 0, 6);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
randomIdModule.setGenerator(uuidv7);

// --- Schema, models and migrations.

function modelClassFor(table: Table): ModelClass {
  const TableModel = class extends watermelon.Model {
    static table = table.name;
  };
  // WatermelonDB stamps created_at/updated_at only when the model has these
  // properties; the app's models declare them (as @date fields).
  const stamps = [
    ['createdAt', 'created_at'],
    ['updatedAt', 'updated_at'],
  ] as const;
  for (const [property, column] of stamps) {
    if (!table.columnsByName.has(column)) continue;
    Object.defineProperty(TableModel.prototype, property, {
      get(this: WatermelonModel) {
        return this._getRaw(column);
      },
    });
  }
  return TableModel;
}

function watermelonTable(name: string): WatermelonTableInput {
  const table = watermelonTables.find((t) => t.name === name);
  if (!table) throw new Error(`watermelon-device: schema has no table ${name}`);
  return table;
}

function watermelonColumns(
  table: string,
  names: readonly string[],
): WatermelonTableInput['columns'] {
  const columns = watermelonTable(table).columns;
  return names.map((name) => {
    const column = columns.find((c) => c.name === name);
    if (!column) throw new Error(`watermelon-device: schema has no column ${table}.${name}`);
    return column;
  });
}

/**
 * Migrations 2..9 like the app's, so `migrationsEnabledAtVersion: 1` passes
 * WatermelonDB's checks. Version 9 is real (which tables and columns it
 * added, typed from our schema); 2..8 are empty because our spec does not
 * record older history, so a migration sync from before 8 under-reports.
 * An in-memory database is created at version 9, so none of them ever runs;
 * sync reads them only for a device whose last synced schema version is
 * older than 9 (set `__watermelon_last_pulled_schema_version` to simulate one).
 */
function buildMigrations(): unknown {
  const { addColumns, createTable, schemaMigrations } = migrationsModule;
  const version9: MigrationStep[] = [
    createTable(watermelonTable('event_logs')),
    createTable(watermelonTable('peers')),
    addColumns({ table: 'events', columns: watermelonColumns('events', ['recorded_by_user_id']) }),
    addColumns({
      table: 'user_clinic_permissions',
      columns: watermelonColumns('user_clinic_permissions', [
        'can_edit_other_provider_event',
        'can_download_patient_reports',
        'can_prescribe_medications',
        'can_dispense_medications',
        'can_delete_patient_visits',
        'can_delete_patient_records',
      ]),
    }),
    addColumns({
      table: 'event_forms',
      columns: watermelonColumns('event_forms', ['clinic_ids', 'translations']),
    }),
  ];
  const older = [2, 3, 4, 5, 6, 7, 8].map((toVersion) => ({ toVersion, steps: [] }));
  return schemaMigrations({ migrations: [...older, { toVersion: 9, steps: version9 }] });
}

// --- The Hikma app's fix-ups of a pulled change set (peerSync.ts `updateDates`).

const hikmaOptionalTimeColumns = [
  'deleted_at',
  'timestamp',
  'prescribed_at',
  'filled_at',
  'expiration_date',
  'batch_expiry_date',
  'check_in_timestamp',
];
const hikmaJsonColumns: Readonly<Record<string, string>> = {
  departments: '[]',
  metadata: '{}',
  form_fields: '[]',
  translations: '[]',
  clinic_ids: '[]',
  form_data: '[]',
  fields: '[]',
};

function hikmaTimestamp(value: unknown, now: number): number {
  if (typeof value !== 'number' && typeof value !== 'string' && !(value instanceof Date))
    return now;
  if (value === '' || (typeof value === 'number' && !Number.isFinite(value))) return now;
  const time = new Date(value).getTime();
  return Number.isNaN(time) ? now : time;
}

function hikmaJson(value: unknown, fallback: string): string {
  if (value === undefined || value === null || value === '') return fallback;
  if (typeof value !== 'string') return JSON.stringify(value) ?? fallback;
  try {
    return JSON.stringify(JSON.parse(value));
  } catch {
    return JSON.stringify(value);
  }
}

function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

// The app's `toDateSafe` falls back to "now", so an unreadable date of birth becomes today.
function hikmaDateOfBirth(value: unknown, now: number): string | null {
  if (typeof value === 'string' && value.trim() === '') return null;
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return value === '0000-00-00' ? null : value;
  }
  const date =
    typeof value === 'string' || typeof value === 'number' ? new Date(value) : new Date(NaN);
  return utcDay(Number.isNaN(date.getTime()) ? new Date(now) : date);
}

function applyHikmaFixups(raw: Record<string, unknown>, now: number): void {
  raw.created_at = hikmaTimestamp(raw.created_at, now);
  raw.updated_at = hikmaTimestamp(raw.updated_at, now);
  for (const column of hikmaOptionalTimeColumns) {
    if (raw[column]) raw[column] = hikmaTimestamp(raw[column], now);
  }
  for (const [column, fallback] of Object.entries(hikmaJsonColumns)) {
    if (raw[column]) raw[column] = hikmaJson(raw[column], fallback);
  }
  if (raw.date_of_birth !== undefined && raw.date_of_birth !== null) {
    raw.date_of_birth = hikmaDateOfBirth(raw.date_of_birth, now);
  }
}

function applyHikmaPullFixups(changes: SyncChangeSet, now: number): void {
  for (const tableChanges of Object.values(changes)) {
    for (const raw of [...(tableChanges.created ?? []), ...(tableChanges.updated ?? [])]) {
      applyHikmaFixups(raw, now);
    }
  }
}

// --- The device.

export interface WatermelonDeviceOptions {
  /** Base URL of the server, e.g. `http://127.0.0.1:3000`. */
  serverUrl: string;
  email: string;
  password: string;
  /** The app passes 1 (the default); `null` runs synchronize() without migration syncs. */
  migrationsEnabledAtVersion?: number | null;
  /**
   * Return the push answer's `experimentalRejectedIds` to WatermelonDB so rejected
   * records stay unsynced. Off by default: the Hikma app ignores the push answer.
   */
  honorRejectedIds?: boolean;
  /**
   * Run the app's fix-ups on pulled records before WatermelonDB sees them
   * (dates to epoch ms, JSON normalised, date_of_birth repaired). Off by default,
   * so the server's wire values reach WatermelonDB untouched and a test sees
   * what stock WatermelonDB makes of them (it silently replaces wrongly typed
   * values with '', 0, false or null).
   */
  hikmaPullFixups?: boolean;
  /** Send `last_pulled_at=null` on a first pull, as older app builds did (current ones send 0). */
  nullLastPulledAtOnFirstSync?: boolean;
  /** Keep every HTTP exchange in `exchanges` (default true; turn off for bulk runs). */
  recordExchanges?: boolean;
}

/** One HTTP request the device made and the answer it got. */
export interface SyncExchange {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly requestBody: string | null;
  readonly status: number;
  readonly responseBody: string;
}

export interface WatermelonDevice {
  readonly database: WatermelonDatabase;
  /** Every diagnostic error WatermelonDB raised during this device's operations (thrown or only logged). */
  readonly diagnostics: string[];
  /** WatermelonDB logger warnings during this device's operations, e.g. a pulled table it does not know. */
  readonly warnings: string[];
  readonly exchanges: SyncExchange[];
  /** One synchronize() like the Hikma app: pull, apply, then push if anything changed locally. */
  sync(): Promise<void>;
  /** Creates a record from raw column values (`id` may be given); returns its id. */
  create(table: string, values: Record<string, unknown>): Promise<string>;
  update(table: string, id: string, values: Record<string, unknown>): Promise<void>;
  /** record.markAsDeleted(): a sync delete, pushed as a tombstone id. */
  markAsDeleted(table: string, id: string): Promise<void>;
  /** The raw row without `_status`/`_changed`; null if absent or marked deleted (as app queries see it). */
  find(table: string, id: string): Promise<Record<string, unknown> | null>;
  /** Raw rows (not marked deleted) sorted by id, without `_status`/`_changed`. */
  all(table: string): Promise<Record<string, unknown>[]>;
  hasUnsyncedChanges(): Promise<boolean>;
  close(): Promise<void>;
}

function tableOrThrow(name: string): Table {
  const table = findTable(name);
  if (!table) throw new Error(`watermelon-device: unknown table ${name}`);
  return table;
}

// _setRaw on a column the schema lacks fails deep inside WatermelonDB; say it plainly instead.
function checkColumns(table: Table, values: Record<string, unknown>, allowId: boolean): void {
  for (const column of Object.keys(values)) {
    if (column === 'id' && allowId) continue;
    if (!table.columnsByName.has(column)) {
      throw new Error(`watermelon-device: ${table.name} has no column ${column}`);
    }
  }
}

function withoutSyncFields(raw: RawRecord): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(raw).filter(([column]) => column !== '_status' && column !== '_changed'),
  );
}

function basicAuthorization(email: string, password: string): string {
  return `Basic ${Buffer.from(`${email}:${password}`).toString('base64')}`;
}

/** Creates a device with an empty in-memory database at schema version 9. */
export async function createWatermelonDevice(
  options: WatermelonDeviceOptions,
): Promise<WatermelonDevice> {
  const reports: DeviceReports = { diagnostics: [], warnings: [] };
  const inScope = <T>(work: () => Promise<T>): Promise<T> => deviceScope.run(reports, work);
  const migrationsEnabledAtVersion =
    options.migrationsEnabledAtVersion === undefined ? 1 : options.migrationsEnabledAtVersion;

  const database = await inScope(async () => {
    const adapter = new SQLiteAdapter({
      schema: buildWatermelonAppSchema(watermelon),
      dbName: ':memory:',
      jsi: false,
      ...(migrationsEnabledAtVersion === null ? {} : { migrations: buildMigrations() }),
    });
    const db = new watermelon.Database({ adapter, modelClasses: tables.map(modelClassFor) });
    // Setup is lazy; a first read surfaces a setup failure here rather than in a test.
    await db.adapter.getLocal('__watermelon_last_pulled_at');
    return db;
  });

  const syncUrl = `${options.serverUrl.replace(/\/+$/, '')}/api/v2/sync`;
  const authorization = basicAuthorization(options.email, options.password);
  const exchanges: SyncExchange[] = [];
  let closed = false;

  function ensureOpen(): void {
    if (closed) throw new Error('watermelon-device: device is closed');
  }

  async function exchange(
    method: 'GET' | 'POST',
    url: string,
    headers: Record<string, string>,
    body: string | null,
  ): Promise<string> {
    const response = await fetch(url, { method, headers, ...(body === null ? {} : { body }) });
    const text = await response.text();
    if (options.recordExchanges !== false) {
      exchanges.push({
        method,
        url,
        requestBody: body,
        status: response.status,
        responseBody: text,
      });
    }
    if (!response.ok) throw new Error(`${method} ${url} answered ${response.status}: ${text}`);
    return text;
  }

  async function pullChanges(params: {
    lastPulledAt: number | null;
    schemaVersion: number;
    migration: unknown;
  }): Promise<{ changes: SyncChangeSet; timestamp: number }> {
    const lastPulledAt =
      !params.lastPulledAt && options.nullLastPulledAtOnFirstSync
        ? 'null'
        : params.lastPulledAt || 0;
    const query =
      `last_pulled_at=${lastPulledAt}&schema_version=${params.schemaVersion}` +
      `&migration=${encodeURIComponent(JSON.stringify(params.migration))}`;
    const text = await exchange(
      'GET',
      `${syncUrl}?${query}`,
      { Authorization: authorization },
      null,
    );
    const { changes, timestamp } = JSON.parse(text) as {
      changes: SyncChangeSet;
      timestamp: number;
    };
    if (options.hikmaPullFixups) applyHikmaPullFixups(changes, Date.now());
    return { changes, timestamp };
  }

  async function pushChanges(params: {
    changes: SyncChangeSet;
    lastPulledAt: number;
  }): Promise<{ experimentalRejectedIds: Record<string, string[]> } | undefined> {
    const text = await exchange(
      'POST',
      `${syncUrl}?last_pulled_at=${params.lastPulledAt || 0}`,
      { Authorization: authorization, 'Content-Type': 'application/json' },
      JSON.stringify(params.changes),
    );
    if (!options.honorRejectedIds) return undefined;
    const answer = JSON.parse(text) as { experimentalRejectedIds?: Record<string, string[]> };
    return answer.experimentalRejectedIds
      ? { experimentalRejectedIds: answer.experimentalRejectedIds }
      : undefined;
  }

  async function findRecord(table: string, id: string): Promise<WatermelonModel | undefined> {
    const [record] = await database.get(table).query(watermelon.Q.where('id', id)).fetch();
    return record;
  }

  async function existingRecord(table: string, id: string): Promise<WatermelonModel> {
    const record = await findRecord(table, id);
    if (!record) throw new Error(`watermelon-device: no ${table} record ${id}`);
    return record;
  }

  // Methods are async so that a bad argument is a rejection, like any other failure.
  return {
    database,
    diagnostics: reports.diagnostics,
    warnings: reports.warnings,
    exchanges,

    async sync() {
      ensureOpen();
      return inScope(() =>
        syncModule.synchronize({
          database,
          pullChanges,
          pushChanges,
          sendCreatedAsUpdated: false,
          ...(migrationsEnabledAtVersion === null ? {} : { migrationsEnabledAtVersion }),
        }),
      );
    },

    async create(table, values) {
      ensureOpen();
      const spec = tableOrThrow(table);
      checkColumns(spec, values, true);
      const { id, ...columns } = values;
      if (id !== undefined && typeof id !== 'string') {
        throw new Error('watermelon-device: id must be a string');
      }
      return inScope(() =>
        database.write(async () => {
          const record = await database.get(table).create((draft) => {
            // WatermelonDB's documented way to choose an id.
            if (id !== undefined) draft._raw.id = id;
            for (const [column, value] of Object.entries(columns)) draft._setRaw(column, value);
          });
          return record.id;
        }, 'watermelon-device create'),
      );
    },

    async update(table, id, values) {
      ensureOpen();
      checkColumns(tableOrThrow(table), values, false);
      return inScope(() =>
        database.write(async () => {
          const record = await existingRecord(table, id);
          await record.update((draft) => {
            for (const [column, value] of Object.entries(values)) draft._setRaw(column, value);
          });
        }, 'watermelon-device update'),
      );
    },

    async markAsDeleted(table, id) {
      ensureOpen();
      tableOrThrow(table);
      return inScope(() =>
        database.write(async () => {
          await (await existingRecord(table, id)).markAsDeleted();
        }, 'watermelon-device markAsDeleted'),
      );
    },

    async find(table, id) {
      ensureOpen();
      tableOrThrow(table);
      return inScope(async () => {
        const record = await findRecord(table, id);
        return record ? withoutSyncFields(record._raw) : null;
      });
    },

    async all(table) {
      ensureOpen();
      tableOrThrow(table);
      return inScope(async () => {
        const records = await database.get(table).query().fetch();
        return records
          .map((record) => withoutSyncFields(record._raw))
          .sort((a, b) => (String(a.id) < String(b.id) ? -1 : 1));
      });
    },

    async hasUnsyncedChanges() {
      ensureOpen();
      return inScope(() => syncModule.hasUnsyncedChanges({ database }));
    },

    async close() {
      if (closed) return;
      // Writes are exclusive: once this one runs, nothing else is in flight.
      await inScope(() => database.write(async () => undefined, 'watermelon-device close'));
      closed = true;
      const tag = database.adapter.underlyingAdapter._tag;
      sqliteBridge.connections[tag]?.driver.database.instance.close();
      delete sqliteBridge.connections[tag];
    },
  };
}
