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
export type {
  AnyWireRow,
  ChangeSet,
  ErrorBody,
  PullResponse,
  PushResponse,
  TableChanges,
  WireRow,
} from './wire-types.js';
export { idPattern, protocolVersion } from './protocol-version.js';
export { buildWatermelonAppSchema, watermelonTables } from './watermelon-schema.js';
export type { WatermelonColumnInput, WatermelonTableInput } from './watermelon-schema.js';
