// @clinicsync/testing/server: a fresh database per test file (PGlite from a
// migrated template, or PostgreSQL when TEST_DATABASE_URL is set), a server
// on it with users, and sync calls through the real routes.
export { createScratchDatabase, createTestDatabase, testEngine } from './server/test-database.js';
export type { TestDatabase } from './server/test-database.js';
export { openTestReplica, replicaUrlOf } from './server/read-replica.js';
export type { TestReplica } from './server/read-replica.js';
export { allPermissions, startTestServer } from './server/test-server.js';
export type { TestServer, TestUser } from './server/test-server.js';
export { mergeChanges, pull, pullAllPages, push, snapshotDatabase } from './server/sync-calls.js';
export type { CallOptions } from './server/sync-calls.js';
