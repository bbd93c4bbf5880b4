// The platform-neutral entry: the store, the sync engine, their types and
// the driver interface a platform implements (Node's is in `./node`).
export type { SharedDatabase, SqlDriver, SqlStatement, SqlValue } from './driver/sql-driver.js';
export { ClinicSyncError, errorCodes, isClinicSyncError } from './errors.js';
export type { ErrorCode } from './errors.js';
export { openStore } from './store/open-store.js';
export { LocalStore } from './store/local-store.js';
export type { StoreOptions } from './store/local-store.js';
export type { StoreTransaction } from './store/store-transaction.js';
export type { Comparison, OrderBy, QueryOptions, Where } from './store/build-query.js';
export type { PatientSearchOptions } from './store/search-patients.js';
export type { PatientDeparture } from './store/departed-patients.js';
export type { FollowedPatient } from './store/followed-patients.js';
export type { LookupOptions, PatientAccess } from './access/patient-access.js';
export type { LookedUpPatient } from '@clinicsync/schema';
export type { ChangeListener } from './store/change-notifier.js';
export type { NewRecord, RecordChanges, RecordOf, SyncStatus } from './store/record-types.js';
export { createSyncEngine } from './sync/sync-engine.js';
export type { SyncEngine } from './sync/sync-engine.js';
export { signIn } from './sync/sign-in.js';
export { signOut } from './sync/sign-out.js';
export type { SignInResult, SignedInUser } from './sync/sign-in.js';
export { rejectionReasons, startingProgress } from './sync/sync-types.js';
export type {
  RejectedRecord,
  RejectionReason,
  RetryOptions,
  SyncAuth,
  SyncEngineOptions,
  SyncProgress,
  SyncReport,
  TableCounts,
} from './sync/sync-types.js';
