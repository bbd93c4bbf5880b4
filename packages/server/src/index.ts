export { buildApp, loggerOptions } from './app.js';
export type { AppOptions } from './app.js';
export { openDatabase } from './db/open-database.js';
export type { DatabaseOptions } from './db/open-database.js';
export type { Database, Engine, Queryable, Transaction } from './db/database.js';
export { createClinic, createUser, permissionFlags } from './admin/create-user.js';
export type { NewUser, Permissions } from './admin/create-user.js';
export { AppError } from './errors.js';
export type { ErrorCode } from './errors.js';
