import type { TableName } from './model.js';
import type { tableSpecs } from './tables.generated.js';

type SpecOf<T extends TableName> = Extract<(typeof tableSpecs)[number], { name: T }>;
type ColumnSpecOf<T extends TableName> = SpecOf<T>['columns'][number];

type ValueOf<C> = C extends { type: 'number' }
  ? number
  : C extends { type: 'boolean' }
    ? boolean
    : string;
type MaybeNull<C, V> = C extends { optional: true } ? V | null : V;

/** A row of table `T` as it travels on the wire: epoch ms, JSON as strings, decimals as strings. */
export type WireRow<T extends TableName> = { id: string } & {
  [C in ColumnSpecOf<T> as C['name']]: MaybeNull<C, ValueOf<C>>;
};

/** Any table's wire row, for code that handles every table alike. */
export type AnyWireRow = { id: string } & Record<string, string | number | boolean | null>;

/** One table's part of a WatermelonDB change set. */
export interface TableChanges<Row = AnyWireRow> {
  created: Row[];
  updated: Row[];
  deleted: string[];
}

/** A change set: table name → its changes. */
export type ChangeSet = Partial<Record<TableName, TableChanges>>;
