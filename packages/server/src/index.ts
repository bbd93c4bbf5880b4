// The server package's public entry: what the command line (@clinicsync/cli)
// and the shared test support (@clinicsync/testing) may use. Internal modules
// import each other directly, never this file.

// The app
export { buildApp, loggerOptions } from './app.js';
export type { AppOptions } from './app.js';
export { registerWebAppRoute } from './http/web-app-route.js';
export type { WebAppOptions } from './http/web-app-route.js';
export type { ConflictMode } from './sync/write/write-changes.js';
export { AppError } from './errors.js';
export type { ErrorCode } from './errors.js';

// Storage
export { openDatabase, openReadReplica } from './db/open-database.js';
export type { DatabaseOptions } from './db/open-database.js';
export type { Database, Engine, Queryable, Transaction } from './db/database.js';
export { openPgliteDatabase } from './db/pglite-database.js';
export type { PgliteDatabase } from './db/pglite-database.js';
export { dumpPgliteDataDir, loadPgliteDataDir } from './db/pglite-data-dir.js';
export { dataDirExposure } from './db/private-data-dir.js';
export { pgliteArchiveProblem } from './db/check-pglite-archive.js';
export { listMigrations, migrate } from './db/migrate.js';

// Users and clinics
// Roles, permission flags and the password rule are the protocol's: import them
// from @clinicsync/schema.
export { createClinic, createUser } from './admin/create-user.js';
export type { NewUser } from './admin/create-user.js';
export { hasAdministrator } from './auth/users.js';
export type { AuthUser } from './auth/users.js';
export { resetPassword } from './auth/reset-password.js';

// Patients
export { erasePatient } from './patients/erase-patient.js';
export type { Erasure } from './patients/erase-patient.js';

// Data sets
export { seedDatabase } from './seed/seed-database.js';
export type { SeedOptions, SeedSummary } from './seed/seed-database.js';
export { maxSeed } from './seed/seed-context.js';
export { createDemoClinic, hasDemoClinic } from './seed/demo-clinic.js';
export type { DemoAccount, DemoClinic, DemoClinicPlan } from './seed/demo-clinic.js';
