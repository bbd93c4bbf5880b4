import { syncedTables } from '@clinicsync/schema';
import type { TableName } from '@clinicsync/schema';
import { openNodeDevice } from '@clinicsync/client/node';
import type { NewRecord, NodeDevice, RecordChanges, SyncAuth } from '@clinicsync/client/node';
import { createWatermelonDevice } from '@clinicsync/testing/watermelon';
import type { WatermelonDevice } from '@clinicsync/testing/watermelon';

export type DeviceKind = 'sdk' | 'watermelon';
type Row = Record<string, unknown>;

/** What a soak device does, the same whether it runs our SDK or stock WatermelonDB. */
export interface SoakDevice {
  readonly name: string;
  readonly kind: DeviceKind;
  readonly userEmail: string;
  /** Creates a record and returns its id (the device chooses it, as apps do). */
  create(table: TableName, values: Row): Promise<string>;
  update(table: TableName, id: string, values: Row): Promise<void>;
  delete(table: TableName, id: string): Promise<void>;
  /** The live record, or null. */
  find(table: TableName, id: string): Promise<Row | null>;
  /** Ids of the live records of `table`, sorted. */
  ids(table: TableName): Promise<string[]>;
  /** Every live row of every synced table, sorted by id: what the device shows. */
  contents(): Promise<Record<string, Row[]>>;
  sync(): Promise<void>;
  hasUnsyncedChanges(): Promise<boolean>;
  /** Problems the client itself reported (WatermelonDB diagnostics); empty for a healthy device. */
  problems(): readonly string[];
  /** Warnings the client logged (WatermelonDB's logger), e.g. a pulled record it already had. */
  warnings(): readonly string[];
  close(): Promise<void>;
}

export interface DeviceOptions {
  readonly name: string;
  readonly serverUrl: string;
  readonly email: string;
  readonly password: string;
  /** SDK only: sign in with this token instead of Basic credentials. */
  readonly token?: string;
  /** SDK only: rows per pulled page. */
  readonly pageSize?: number;
}

export async function openSdkDevice(options: DeviceOptions): Promise<SoakDevice> {
  const auth: SyncAuth = options.token
    ? { type: 'bearer', token: options.token }
    : { type: 'basic', email: options.email, password: options.password };
  const device: NodeDevice = await openNodeDevice({
    serverUrl: options.serverUrl,
    auth,
    pageSize: options.pageSize ?? 5000,
    // Quick retries: the soak's faults come fast, and a sync that gives up
    // is simply tried again in a later round, as a clinic's app would.
    retry: { retries: 3, baseDelayMs: 5, maxDelayMs: 200, maxRetryAfterMs: 2000 },
    requestTimeoutMs: 30_000,
  });
  const store = device.store;
  // The store's methods are typed per table; the soak picks tables at run time.
  type AnyTable = 'patients';
  return {
    name: options.name,
    kind: 'sdk',
    userEmail: options.email,
    async create(table, values) {
      const record = await store.create(table as AnyTable, values as NewRecord<AnyTable>);
      return record.id;
    },
    async update(table, id, values) {
      await store.update(table as AnyTable, id, values as RecordChanges<AnyTable>);
    },
    delete: (table, id) => store.delete(table, id),
    find: (table, id) => store.find(table as AnyTable, id) as Promise<Row | null>,
    async ids(table) {
      const rows = await store.query(table as AnyTable, { orderBy: [{ column: 'id' }] });
      return rows.map((r) => r.id);
    },
    async contents() {
      const result: Record<string, Row[]> = {};
      for (const table of syncedTables) {
        result[table.name] = (await store.query(table.name as AnyTable, {
          orderBy: [{ column: 'id' }],
        })) as Row[];
      }
      return result;
    },
    async sync() {
      await device.engine.sync();
    },
    async hasUnsyncedChanges() {
      return Object.keys(await store.unsyncedCounts()).length > 0;
    },
    problems: () => [],
    warnings: () => [],
    close: () => device.close(),
  };
}

export async function openWatermelonDevice(options: DeviceOptions): Promise<SoakDevice> {
  const device: WatermelonDevice = await createWatermelonDevice({
    serverUrl: options.serverUrl,
    email: options.email,
    password: options.password,
    recordExchanges: false,
  });
  return {
    name: options.name,
    kind: 'watermelon',
    userEmail: options.email,
    create: (table, values) => device.create(table, values),
    update: (table, id, values) => device.update(table, id, values),
    delete: (table, id) => device.markAsDeleted(table, id),
    find: (table, id) => device.find(table, id),
    async ids(table) {
      return (await device.all(table)).map((r) => r.id as string);
    },
    async contents() {
      const result: Record<string, Row[]> = {};
      for (const table of syncedTables) result[table.name] = await device.all(table.name);
      return result;
    },
    sync: () => device.sync(),
    hasUnsyncedChanges: () => device.hasUnsyncedChanges(),
    problems: () => device.diagnostics,
    warnings: () => device.warnings,
    close: () => device.close(),
  };
}
