/** Who may write a table (PROTOCOL.md, "Data model on the wire"). */
export type SyncDirection = 'device_writable' | 'server_managed' | 'device_only';

/** A column's type as the spec JSON declares it: `decimal` travels as a string. */
export type ColumnType = 'string' | 'number' | 'boolean' | 'decimal';

export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
  readonly optional?: boolean;
  readonly indexed?: boolean;
  readonly json?: boolean;
}

export interface TableSpec {
  readonly name: string;
  readonly sync: SyncDirection;
  /** Tables whose deletion deletes this row (a tombstone each). */
  readonly parents?: readonly string[];
  readonly columns: readonly ColumnSpec[];
}
