// The browser entry: everything of the platform-neutral one, plus SQLite WASM
// on OPFS in a Web Worker. This folder is its own TypeScript project (Web
// Worker types, no Node types), so the DOM never reaches the other entries.
export * from '../index.js';
export { deleteWorkerDatabase, openWorkerDriver } from './worker-driver.js';
export type { WorkerDriver } from './worker-driver.js';
export type { OpenResult, StorageKind } from './worker-messages.js';
