import { createRequire } from 'node:module';
import { expect, test } from 'vitest';
import { tables } from './model.js';
import { buildWatermelonAppSchema } from './watermelon-schema.js';
import type { WatermelonTableInput } from './watermelon-schema.js';

interface BuiltColumn {
  name: string;
  type: string;
  isOptional?: boolean;
  isIndexed?: boolean;
}

interface BuiltTable {
  name: string;
  columns: Record<string, BuiltColumn>;
  columnArray: BuiltColumn[];
}

interface BuiltAppSchema {
  version: number;
  tables: Record<string, BuiltTable>;
}

// WatermelonDB's own functions (they check column names and types), loaded as
// the CommonJS package it is.
const watermelon = createRequire(import.meta.url)('@nozbe/watermelondb') as {
  appSchema: (spec: { version: number; tables: BuiltTable[] }) => BuiltAppSchema;
  tableSchema: (spec: WatermelonTableInput) => BuiltTable;
};

test('WatermelonDB builds the version 9 appSchema of the 21 tables', () => {
  const schema = buildWatermelonAppSchema(watermelon);
  expect(schema.version).toBe(9);
  expect(Object.keys(schema.tables)).toEqual(tables.map((t) => t.name));
  expect(Object.keys(schema.tables)).toHaveLength(21);
});

test('every column keeps its name, flags and device type', () => {
  const schema = buildWatermelonAppSchema(watermelon);
  for (const table of tables) {
    const built = schema.tables[table.name];
    expect(built?.columnArray.map((c) => c.name)).toEqual(table.columns.map((c) => c.name));
    for (const column of table.columns) {
      const device = built?.columns[column.name];
      expect(device?.type).toBe(column.type === 'decimal' ? 'string' : column.type);
      expect(device?.isOptional === true).toBe(column.optional);
      expect(device?.isIndexed === true).toBe(column.indexed === true);
    }
  }
  expect(schema.tables['drug_catalogue']?.columns['sale_price']?.type).toBe('string');
  expect(schema.tables['patients']?.columns['primary_clinic_id']).toEqual({
    name: 'primary_clinic_id',
    type: 'string',
    isOptional: true,
    isIndexed: true,
  });
});
