import type { Permissions, Role } from '@clinicsync/schema';
import { buildApp, createClinic, createUser } from '@clinicsync/server';
import type { AppOptions, AuthUser } from '@clinicsync/server';
import type { FastifyInstance } from 'fastify';
import { openTestReplica, replicaUrlOf } from './read-replica.js';
import type { TestReplica } from './read-replica.js';
import { createTestDatabase } from './test-database.js';
import type { TestDatabase } from './test-database.js';

export const allPermissions: Permissions = {
  can_register_patients: true,
  can_view_history: true,
  can_edit_records: true,
  can_delete_records: true,
  can_delete_patient_visits: true,
  can_delete_patient_records: true,
  can_prescribe_medications: true,
  can_dispense_medications: true,
};

export interface TestUser extends AuthUser {
  readonly password: string;
  /** `Basic …` for this user, as the Hikma app sends it. */
  readonly basic: string;
}

export interface TestServer {
  readonly app: FastifyInstance;
  readonly database: TestDatabase;
  /** The read replica pulls are answered from, where one was asked for and TEST_DATABASE_READ_URL names one. */
  readonly replica: TestReplica | undefined;
  readonly clinicId: string;
  readonly admin: TestUser;
  /** Base URL once `listen()` was called. */
  url: string;
  listen(): Promise<string>;
  /** A user whose home clinic is `clinicId` (the server's first clinic when left out). */
  addUser(role: Role, permissions?: Permissions, clinicId?: string): Promise<TestUser>;
  /** Another clinic; returns its id. */
  addClinic(name: string): Promise<string>;
  close(): Promise<void>;
}

let userCount = 0;

function basicFor(email: string, password: string): string {
  return `Basic ${Buffer.from(`${email}:${password}`).toString('base64')}`;
}

/**
 * A server on a fresh database with a clinic and a super administrator;
 * with `readReplica`, its pulls read from the replica of TEST_DATABASE_READ_URL
 * where there is one (`.ci/replica`).
 */
export async function startTestServer(
  options: Partial<AppOptions> & { readonly readReplica?: boolean } = {},
): Promise<TestServer> {
  const { readReplica, ...appOptions } = options;
  const database = await createTestDatabase();
  const replicaUrl = readReplica ? replicaUrlOf(database.url) : undefined;
  const replica = replicaUrl ? await openTestReplica(database.db, replicaUrl) : undefined;
  // Tests make many first syncs of one user: no full-pull limit unless a test sets one.
  const app = await buildApp({
    logger: false,
    fullPullLimit: null,
    ...appOptions,
    db: database.db,
    readDb: replica?.db ?? null,
  });
  const clinic = await createClinic(database.db, 'Test clinic', null);
  const clinicId = clinic.id;
  const addUser = async (
    role: Role,
    permissions?: Permissions,
    home = clinicId,
  ): Promise<TestUser> => {
    const email = `user${++userCount}.${role}@clinic.test`;
    const password = `pw-${userCount}-secret-${role}`;
    const user = await createUser(
      database.db,
      { email, password, name: `${role} ${userCount}`, role, clinicId: home, permissions },
      null,
    );
    return { ...user, password, basic: basicFor(email, password) };
  };
  const admin = await addUser('super_admin', allPermissions);
  const server: TestServer = {
    app,
    database,
    replica,
    clinicId,
    admin,
    url: '',
    async listen() {
      server.url = await app.listen({ port: 0, host: '127.0.0.1' });
      return server.url;
    },
    addUser,
    async addClinic(name) {
      return (await createClinic(database.db, name, null)).id;
    },
    async close() {
      await app.close();
      await replica?.close();
      await database.drop();
    },
  };
  return server;
}
