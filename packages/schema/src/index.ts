export type { ColumnSpec, ColumnType, SyncDirection, TableSpec } from './table-spec.js';
export { schemaVersion, tableSpecs } from './tables.generated.js';
export {
  childrenOf,
  findTable,
  foreignKeyFor,
  getTable,
  syncedTables,
  syncedTablesParentFirst,
  tables,
} from './model.js';
export type { Column, ColumnKind, Table, TableName } from './model.js';
export { checkValue, defaultValue, maxTimeMs, minTimeMs } from './check-value.js';
export { validatePush } from './validate-push.js';
export type {
  PushProblem,
  PushValidation,
  PushedRecord,
  PushedTableChanges,
  ValidatedPush,
} from './validate-push.js';
export type { AnyWireRow, ChangeSet, TableChanges, WireRow } from './wire-types.js';

// The wire protocol (PROTOCOL.md): each message a runtime schema with its inferred type.
export { protocolVersion } from './protocol/protocol-version.js';
export { idPattern, recordId } from './protocol/record-id.js';
export { pulledRow, pushedRowSchema, wireRowSchema } from './protocol/wire-row.js';
export {
  pulledChangeSet,
  pulledTableChanges,
  pushChangeSetSchemas,
} from './protocol/change-set.js';
export { buildDocumentedSchemas } from './protocol/documented-schemas.js';
export { maxPageSize, pullQuery, pushQuery } from './protocol/pull-query.js';
export type { MigrationRequest, PullQuery, PushQuery } from './protocol/pull-query.js';
export { pageToken, pullAnswer, pullEstimate, pullTimestamp } from './protocol/pull-answer.js';
export type { PullAnswer, PullResponse } from './protocol/pull-answer.js';
export { pushBody } from './protocol/push-body.js';
export { pushAnswer, rejectedRecord } from './protocol/push-answer.js';
export type { PushAnswer, RejectedRecord } from './protocol/push-answer.js';
export { syncHeaders } from './protocol/sync-headers.js';
export { errorBody, inputIssue } from './protocol/error-body.js';
export type { ErrorBody, InputIssue } from './protocol/error-body.js';
export {
  newPassword,
  minPasswordLength,
  passwordProblem,
  permissionFlags,
  permissions,
  role,
  roles,
  userAnswer,
} from './protocol/user.js';
export type { PermissionFlag, Permissions, Role, UserAnswer } from './protocol/user.js';
export { loginAnswer, signInAnswer, signInBody } from './protocol/sign-in.js';
export type { SignInAnswer } from './protocol/sign-in.js';
export { healthAnswer } from './protocol/health.js';
export {
  clinicChangesBody,
  clinicIdParams,
  clinicSummary,
  clinicsList,
  newClinicBody,
} from './protocol/admin-clinics.js';
export type { ClinicChangesBody, ClinicSummary } from './protocol/admin-clinics.js';
export {
  adminUserAnswer,
  adminUserDetail,
  clinicFlags,
  membershipBody,
  membershipParams,
  newUserBody,
  userChangesBody,
  userClinic,
  userIdParams,
  userListQuery,
  usersPage,
} from './protocol/admin-users.js';
export type {
  AdminUserAnswer,
  AdminUserDetail,
  ClinicFlags,
  MembershipBody,
  NewUserBody,
  UserChangesBody,
  UserClinic,
  UserListQuery,
} from './protocol/admin-users.js';
export {
  eventFormChangesBody,
  eventFormsList,
  formField,
  formIdParams,
  newEventFormBody,
  newRegistrationFormBody,
  registrationFormChangesBody,
  registrationFormsList,
} from './protocol/admin-forms.js';
export type {
  EventFormChanges,
  NewEventForm,
  NewRegistrationForm,
  RegistrationFormChanges,
} from './protocol/admin-forms.js';
export {
  accessLogEntry,
  accessLogPage,
  conflictEntry,
  conflictIdParams,
  conflictsPage,
  conflictsQuery,
  logPageQuery,
  resolveConflictBody,
  syncLogEntry,
  syncLogPage,
  syncLogQuery,
} from './protocol/admin-logs.js';
export type {
  AccessLogEntry,
  ConflictEntry,
  ConflictsQuery,
  LogPageQuery,
  ResolveConflictBody,
  SyncLogEntry,
  SyncLogQuery,
} from './protocol/admin-logs.js';
export { deviceEntry, devicesList, devicesQuery } from './protocol/admin-devices.js';
export type { DeviceEntry, DevicesQuery } from './protocol/admin-devices.js';
export { exportFile, fhirExportParams, fhirExportResources } from './protocol/admin-exports.js';
export type { FhirExportParams, FhirExportResource } from './protocol/admin-exports.js';
export {
  followAnswer,
  lookedUpPatient,
  patientIdParams,
  patientLookupAnswer,
  patientLookupQuery,
} from './protocol/patient-lookup.js';
export type {
  FollowAnswer,
  LookedUpPatient,
  PatientLookupAnswer,
  PatientLookupQuery,
} from './protocol/patient-lookup.js';
export { buildWatermelonAppSchema, watermelonTables } from './watermelon-schema.js';
export type { WatermelonColumnInput, WatermelonTableInput } from './watermelon-schema.js';
