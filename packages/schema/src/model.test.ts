import { describe, expect, test } from 'vitest';
import {
  childrenOf,
  findTable,
  foreignKeyFor,
  getTable,
  syncedTables,
  syncedTablesParentFirst,
  tables,
} from './model.js';
import type { ColumnKind, TableName } from './model.js';
import { schemaVersion } from './tables.generated.js';

/** `table.column` of every column of `kind`, sorted. */
function columnsOfKind(kind: ColumnKind): string[] {
  return tables
    .flatMap((t) => t.columns.filter((c) => c.kind === kind).map((c) => `${t.name}.${c.name}`))
    .sort();
}

// Written out by hand from the spec, so a change to the naming rule in
// model.ts (or a new number column) has to be looked at here.
const timeColumns: Record<string, readonly string[]> = {
  patients: ['deleted_at', 'created_at', 'updated_at'],
  users: ['created_at', 'updated_at', 'deleted_at'],
  clinics: ['updated_at', 'created_at', 'deleted_at'],
  events: ['deleted_at', 'created_at', 'updated_at'],
  event_forms: ['deleted_at', 'created_at', 'updated_at'],
  visits: ['check_in_timestamp', 'deleted_at', 'created_at', 'updated_at'],
  registration_forms: ['deleted_at', 'created_at', 'updated_at'],
  appointments: ['timestamp', 'created_at', 'updated_at', 'deleted_at'],
  patient_additional_attributes: [
    'date_value',
    'created_at',
    'updated_at',
    'last_modified',
    'server_created_at',
    'deleted_at',
  ],
  prescriptions: [
    'expiration_date',
    'prescribed_at',
    'filled_at',
    'created_at',
    'updated_at',
    'deleted_at',
  ],
  patient_vitals: ['timestamp', 'created_at', 'updated_at', 'deleted_at'],
  user_clinic_permissions: ['created_at', 'updated_at'],
  app_config: ['created_at', 'updated_at', 'last_modified'],
  patient_problems: [
    'onset_date',
    'end_date',
    'created_at',
    'updated_at',
    'last_modified',
    'server_created_at',
    'deleted_at',
  ],
  clinic_departments: [
    'created_at',
    'updated_at',
    'last_modified',
    'server_created_at',
    'deleted_at',
  ],
  drug_catalogue: ['deleted_at', 'last_modified', 'server_created_at', 'created_at', 'updated_at'],
  clinic_inventory: [
    'last_counted_at',
    'deleted_at',
    'last_modified',
    'server_created_at',
    'created_at',
    'updated_at',
    'batch_expiry_date',
  ],
  prescription_items: [
    'created_at',
    'updated_at',
    'deleted_at',
    'last_modified',
    'server_created_at',
  ],
  dispensing_records: [
    'dispensed_at',
    'deleted_at',
    'last_modified',
    'server_created_at',
    'created_at',
    'updated_at',
  ],
  event_logs: ['created_at'],
  peers: ['last_synced_at', 'created_at', 'updated_at'],
};

// The number columns that are quantities, not instants.
const floatColumns: Record<string, readonly string[]> = {
  appointments: ['duration'],
  patient_additional_attributes: ['number_value'],
  patient_vitals: [
    'systolic_bp',
    'diastolic_bp',
    'height_cm',
    'weight_kg',
    'bmi',
    'waist_circumference_cm',
    'heart_rate',
    'pulse_rate',
    'oxygen_saturation',
    'respiratory_rate',
    'temperature_celsius',
    'pain_level',
  ],
  patient_problems: ['severity_score'],
  drug_catalogue: ['min_stock_level', 'max_stock_level'],
  clinic_inventory: ['quantity_available', 'reserved_quantity'],
  prescription_items: [
    'quantity_prescribed',
    'quantity_dispensed',
    'refills_authorized',
    'refills_used',
  ],
  dispensing_records: ['quantity_dispensed', 'days_supply'],
  peers: ['port'],
};

function qualified(byTable: Record<string, readonly string[]>): string[] {
  return Object.entries(byTable)
    .flatMap(([table, columns]) => columns.map((c) => `${table}.${c}`))
    .sort();
}

describe('tables', () => {
  test('schema v9 has 21 tables, each once, in spec order', () => {
    expect(schemaVersion).toBe(9);
    expect(tables).toHaveLength(21);
    expect(new Set(tables.map((t) => t.name)).size).toBe(21);
    expect(tables[0]?.name).toBe('patients');
  });

  test('only event_logs and peers stay on the device', () => {
    expect(tables.filter((t) => t.sync === 'device_only').map((t) => t.name)).toEqual([
      'event_logs',
      'peers',
    ]);
    expect(syncedTables).toHaveLength(19);
    expect(syncedTables.every((t) => t.sync !== 'device_only')).toBe(true);
  });

  test('findTable and getTable find every table by name and only those', () => {
    for (const table of tables) {
      expect(findTable(table.name)).toBe(table);
      expect(getTable(table.name)).toBe(table);
    }
    for (const name of ['nope', '__proto__', 'constructor', 'toString', 'Patients', '']) {
      expect(findTable(name)).toBeUndefined();
    }
    expect(() => getTable('nope' as TableName)).toThrow('unknown table nope');
  });

  test('columnsByName holds every column and no inherited names', () => {
    for (const table of tables) {
      expect([...table.columnsByName.keys()]).toEqual(table.columns.map((c) => c.name));
      expect(table.columnsByName.has('__proto__')).toBe(false);
      expect(table.columnsByName.has('constructor')).toBe(false);
      expect(table.columnsByName.has('id')).toBe(false);
    }
  });

  test('optional is always a boolean', () => {
    for (const column of tables.flatMap((t) => t.columns)) {
      expect(typeof column.optional).toBe('boolean');
    }
  });
});

describe('column kinds', () => {
  test('time columns are exactly the number columns named like instants', () => {
    expect(columnsOfKind('time')).toEqual(qualified(timeColumns));
  });

  test('every other number column is a float', () => {
    expect(columnsOfKind('float')).toEqual(qualified(floatColumns));
    const numbers = tables
      .flatMap((t) =>
        t.columns.filter((c) => c.type === 'number').map((c) => `${t.name}.${c.name}`),
      )
      .sort();
    expect(numbers).toEqual([...qualified(timeColumns), ...qualified(floatColumns)].sort());
  });

  test('date_of_birth is the only date column', () => {
    expect(columnsOfKind('date')).toEqual(['patients.date_of_birth']);
  });

  test('json columns are the string columns the spec marks json', () => {
    const marked = tables
      .flatMap((t) => t.columns.filter((c) => c.json === true).map((c) => `${t.name}.${c.name}`))
      .sort();
    expect(columnsOfKind('json')).toEqual(marked);
    for (const table of tables) {
      for (const column of table.columns.filter((c) => c.kind === 'json')) {
        expect(column.type).toBe('string');
      }
    }
    expect(marked).toContain('patients.additional_data');
    expect(marked).toContain('event_forms.translations');
  });

  test('decimal, boolean and text follow the spec type', () => {
    expect(columnsOfKind('decimal')).toEqual([
      'drug_catalogue.dosage_quantity',
      'drug_catalogue.sale_price',
    ]);
    for (const column of tables.flatMap((t) => t.columns)) {
      if (column.type === 'boolean') expect(column.kind).toBe('boolean');
      if (column.kind === 'text') expect(column.type).toBe('string');
      if (column.type === 'string' && !column.json && column.name !== 'date_of_birth') {
        expect(column.kind).toBe('text');
      }
    }
  });
});

describe('parents', () => {
  test('foreignKeyFor names the column a child points at its parent with', () => {
    expect(foreignKeyFor('patients')).toBe('patient_id');
    expect(foreignKeyFor('visits')).toBe('visit_id');
    expect(foreignKeyFor('prescriptions')).toBe('prescription_id');
  });

  test('every parent is a synced table and every child has its foreign key column', () => {
    for (const table of tables) {
      for (const parent of table.parents) {
        const parentTable = findTable(parent.table);
        expect(parentTable, `${table.name} → ${parent.table}`).toBeDefined();
        expect(parentTable?.sync).not.toBe('device_only');
        expect(parent.column).toBe(foreignKeyFor(parent.table));
        expect(table.columnsByName.get(parent.column)?.kind).toBe('text');
      }
    }
  });

  test('the parents are those of the spec', () => {
    const parents = Object.fromEntries(
      tables
        .filter((t) => t.parents.length > 0)
        .map((t) => [t.name, t.parents.map((p) => p.table)]),
    );
    expect(parents).toEqual({
      events: ['patients', 'visits'],
      visits: ['patients'],
      appointments: ['patients'],
      patient_additional_attributes: ['patients'],
      prescriptions: ['patients'],
      patient_vitals: ['patients', 'visits'],
      patient_problems: ['patients'],
      prescription_items: ['prescriptions', 'patients'],
      dispensing_records: ['patients'],
    });
  });

  test('syncedTablesParentFirst holds each synced table once, parents before children', () => {
    const order = syncedTablesParentFirst.map((t) => t.name);
    expect([...order].sort()).toEqual(syncedTables.map((t) => t.name).sort());
    for (const table of syncedTablesParentFirst) {
      for (const parent of table.parents) {
        expect(order.indexOf(parent.table), `${parent.table} before ${table.name}`).toBeLessThan(
          order.indexOf(table.name),
        );
      }
    }
  });

  test('childrenOf lists the tables that point at a parent', () => {
    const children = (name: TableName) =>
      childrenOf(name).map((c) => `${c.table.name}.${c.column}`);
    expect(children('patients').sort()).toEqual(
      [
        'appointments.patient_id',
        'dispensing_records.patient_id',
        'events.patient_id',
        'patient_additional_attributes.patient_id',
        'patient_problems.patient_id',
        'patient_vitals.patient_id',
        'prescription_items.patient_id',
        'prescriptions.patient_id',
        'visits.patient_id',
      ].sort(),
    );
    expect(children('visits').sort()).toEqual(['events.visit_id', 'patient_vitals.visit_id']);
    expect(children('prescriptions')).toEqual(['prescription_items.prescription_id']);
    expect(children('users')).toEqual([]);
  });
});
