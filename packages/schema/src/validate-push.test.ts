import { describe, expect, test } from 'vitest';
import { maxTimeMs, minTimeMs } from './check-value.js';
import { validatePush } from './validate-push.js';
import type { PushProblem, ValidatedPush } from './validate-push.js';

const patient = {
  id: 'p1',
  given_name: 'Amina',
  surname: 'Yusuf',
  date_of_birth: '1990-04-02',
  citizenship: 'X',
  hometown: 'Y',
  phone: '123',
  sex: 'female',
  camp: null,
  additional_data: '{"a": 1}',
  metadata: '{}',
  photo_url: null,
  is_deleted: false,
  deleted_at: null,
  created_at: 1700000000123,
  updated_at: 1700000000456,
  government_id: 'G',
  external_patient_id: 'E',
  primary_clinic_id: null,
  last_modified_by: null,
};

const visit = {
  id: 'v1',
  patient_id: 'p1',
  clinic_id: 'c1',
  provider_id: 'u1',
  provider_name: 'Dr. Who',
  check_in_timestamp: 1700000000000,
  metadata: '{}',
  is_deleted: false,
  deleted_at: null,
  created_at: 1700000000000,
  updated_at: 1700000000000,
};

const idProblem = 'id must match [A-Za-z0-9_.-]{1,64}';

function accepted(body: unknown): ValidatedPush {
  const result = validatePush(body);
  if (!result.ok) throw new Error(`rejected: ${JSON.stringify(result.problems)}`);
  return result.value;
}

function problemsOf(body: unknown): readonly PushProblem[] {
  const result = validatePush(body);
  if (result.ok) throw new Error('accepted a body that should be rejected');
  return result.problems;
}

/** The problems of one updated record of `table` holding `column: value`. */
function columnProblems(table: string, column: string, value: unknown): readonly PushProblem[] {
  return problemsOf({ [table]: { updated: [{ id: 'r1', [column]: value }] } });
}

describe('validatePush accepts', () => {
  test('a bare body, stripping _status and _changed', () => {
    const push = accepted({
      patients: {
        created: [{ ...patient, _status: 'created', _changed: '' }],
        updated: [],
        deleted: [],
      },
    });
    expect(push.lastPulledAt).toBeNull();
    expect(push.tables).toHaveLength(1);
    const [patients] = push.tables;
    expect(patients?.table.name).toBe('patients');
    expect(patients?.created).toEqual([{ row: patient, changed: null }]);
    expect(patients?.updated).toEqual([]);
    expect(patients?.deleted).toEqual([]);
  });

  test('a wrapped body with lastPulledAt or last_pulled_at', () => {
    const changes = { patients: { created: [], updated: [patient], deleted: ['p2'] } };
    const push = accepted({ changes, lastPulledAt: 1234 });
    expect(push.lastPulledAt).toBe(1234);
    expect(push.tables[0]?.updated).toEqual([{ row: patient, changed: null }]);
    expect(push.tables[0]?.deleted).toEqual(['p2']);
    expect(accepted({ changes, last_pulled_at: 99 }).lastPulledAt).toBe(99);
    expect(accepted({ changes, lastPulledAt: null }).lastPulledAt).toBeNull();
    expect(accepted({ changes }).lastPulledAt).toBeNull();
  });

  test('_changed as the list of edited columns it names that exist', () => {
    const push = accepted({
      patients: {
        updated: [{ ...patient, _status: 'updated', _changed: 'given_name, surname,no_such,,' }],
      },
    });
    expect(push.tables[0]?.updated[0]?.changed).toEqual(['given_name', 'surname']);
    const none = accepted({ patients: { updated: [{ ...patient, _changed: 'no_such' }] } });
    expect(none.tables[0]?.updated[0]?.changed).toBeNull();
    const nullChanged = accepted({ patients: { updated: [{ ...patient, _changed: null }] } });
    expect(nullChanged.tables[0]?.updated[0]?.changed).toBeNull();
  });

  test('partial updated records and missing or null lists', () => {
    const push = accepted({ patients: { updated: [{ id: 'p1', surname: 'Ali' }], created: null } });
    expect(push.tables[0]?.updated).toEqual([{ row: { id: 'p1', surname: 'Ali' }, changed: null }]);
    expect(push.tables[0]?.created).toEqual([]);
    expect(accepted({}).tables).toEqual([]);
    expect(accepted({ changes: {} }).tables).toEqual([]);
  });

  test('tables in parent-first order whatever the body order', () => {
    const push = accepted({
      visits: { created: [visit] },
      patients: { created: [patient] },
    });
    expect(push.tables.map((t) => t.table.name)).toEqual(['patients', 'visits']);
  });

  test('boundary values of each kind', () => {
    const push = accepted({
      patients: {
        created: [
          { ...patient, id: 'a', created_at: minTimeMs, updated_at: maxTimeMs, date_of_birth: '' },
          { ...patient, id: 'b', date_of_birth: '2000-02-29', additional_data: '' },
          { ...patient, id: 'c', date_of_birth: '0001-01-01', additional_data: '"\\ud800"' },
          { ...patient, id: 'd', date_of_birth: '9999-12-31', created_at: -1, updated_at: 0 },
          { ...patient, id: 'x'.repeat(64) },
          { ...patient, id: 'A-z_0.9' },
        ],
      },
      patient_vitals: { updated: [{ id: 'v', weight_kg: -0, bmi: 1e-300, height_cm: 1.5 }] },
      drug_catalogue: {
        updated: [
          { id: 'd1', sale_price: '12.50', dosage_quantity: '-0.5' },
          { id: 'd2', sale_price: '0', dosage_quantity: '123456789012345678901234567890.1' },
        ],
      },
    });
    expect(push.tables.flatMap((t) => [...t.created, ...t.updated])).toHaveLength(9);
  });

  test('device_only tables are left out', () => {
    const eventLog = {
      id: 'e1',
      transaction_id: 't',
      action_type: 'create',
      table_name: 'patients',
      row_id: 'p1',
      changes: '{}',
      device_id: 'd',
      app_id: 'a',
      user_id: 'u',
      ip_address: null,
      hash: 'h',
      metadata: null,
      synced: false,
      created_at: 1,
    };
    const push = accepted({
      event_logs: { created: [eventLog] },
      peers: { created: [], updated: [], deleted: ['x'] },
      patients: { created: [patient] },
    });
    expect(push.tables.map((t) => t.table.name)).toEqual(['patients']);
    expect(accepted({ event_logs: { created: [eventLog] } }).tables).toEqual([]);
  });
});

describe('validatePush rejects', () => {
  test.each([null, undefined, [], 'patients', 42, true])(
    'a body that is not an object: %j',
    (body) => {
      expect(problemsOf(body)).toEqual([{ problem: 'the body must be a JSON object of changes' }]);
    },
  );

  test.each([null, [], 'x', 5])('a wrapped body whose changes are %j', (changes) => {
    expect(problemsOf({ changes })).toEqual([{ problem: 'changes must be a JSON object' }]);
  });

  test.each([-1, 1.5, '5', Number.MAX_SAFE_INTEGER + 2, true])(
    'lastPulledAt %j',
    (lastPulledAt) => {
      expect(problemsOf({ changes: {}, lastPulledAt })).toEqual([
        { problem: 'lastPulledAt must be a non-negative integer or null' },
      ]);
    },
  );

  test('an unknown table, including names Object.prototype has', () => {
    const body = JSON.parse(
      '{"nope":{},"__proto__":{"created":[]},"constructor":{},"toString":{},"hasOwnProperty":{}}',
    ) as unknown;
    expect(problemsOf(body)).toEqual(
      ['nope', '__proto__', 'constructor', 'toString', 'hasOwnProperty'].map((table) => ({
        table,
        problem: 'is not a table of schema version 9',
      })),
    );
    expect(problemsOf({ changes: body })).toHaveLength(5);
  });

  test('a table whose changes are not an object, or carry an unknown key', () => {
    expect(problemsOf({ patients: [] })).toEqual([
      { table: 'patients', problem: 'must be an object of created, updated and deleted' },
    ]);
    expect(problemsOf({ patients: null })).toEqual([
      { table: 'patients', problem: 'must be an object of created, updated and deleted' },
    ]);
    expect(problemsOf({ patients: { created: [], removed: [] } })).toEqual([
      { table: 'patients', problem: 'has an unknown key "removed"' },
    ]);
  });

  test('an unknown column, including names Object.prototype has', () => {
    const record = JSON.parse(
      '{"id":"p1","nickname":"x","__proto__":{"polluted":true},"constructor":1,"toString":"x"}',
    ) as unknown;
    expect(problemsOf({ patients: { created: [record] } })).toEqual(
      ['nickname', '__proto__', 'constructor', 'toString'].map((column) => ({
        table: 'patients',
        id: 'p1',
        column,
        problem: 'is not a column of this table',
      })),
    );
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  test('lists that are not arrays', () => {
    expect(problemsOf({ patients: { created: {} } })).toEqual([
      { table: 'patients', problem: 'created must be an array' },
    ]);
    expect(problemsOf({ patients: { updated: 'p1' } })).toEqual([
      { table: 'patients', problem: 'updated must be an array' },
    ]);
    expect(problemsOf({ patients: { deleted: { 0: 'p1' } } })).toEqual([
      { table: 'patients', problem: 'deleted must be an array of ids' },
    ]);
  });

  test('records that are not objects', () => {
    expect(problemsOf({ patients: { created: [null, 'p1', ['p1']] } })).toEqual(
      Array.from({ length: 3 }, () => ({
        table: 'patients',
        problem: 'each created or updated record must be an object',
      })),
    );
  });

  const badIds: readonly unknown[] = [
    'a"b',
    "a'b",
    'a/b',
    'a\\b',
    'a b',
    'é',
    'x'.repeat(65),
    '',
    5,
    null,
  ];

  test.each(badIds)('a record id %j', (id) => {
    expect(problemsOf({ patients: { created: [{ ...patient, id }] } })).toEqual([
      { table: 'patients', column: 'id', problem: idProblem },
    ]);
    expect(problemsOf({ patients: { updated: [{ id }] } })).toEqual([
      { table: 'patients', column: 'id', problem: idProblem },
    ]);
  });

  test('a record without an id', () => {
    const withoutId: Record<string, unknown> = { ...patient };
    delete withoutId['id'];
    expect(problemsOf({ patients: { created: [withoutId] } })).toEqual([
      { table: 'patients', column: 'id', problem: idProblem },
    ]);
  });

  test.each(badIds)('a deleted id %j', (id) => {
    expect(problemsOf({ patients: { deleted: [id] } })).toEqual([
      { table: 'patients', problem: 'deleted ids must match [A-Za-z0-9_.-]{1,64}' },
    ]);
  });

  test('the same id twice in one table', () => {
    const twice = { table: 'patients', id: 'p1', problem: 'appears more than once in this push' };
    expect(problemsOf({ patients: { created: [patient], deleted: ['p1'] } })).toEqual([twice]);
    expect(problemsOf({ patients: { created: [patient], updated: [patient] } })).toEqual([twice]);
    expect(problemsOf({ patients: { deleted: ['p1', 'p1'] } })).toEqual([twice]);
    // The same id in two tables is two rows.
    accepted({ patients: { created: [patient] }, visits: { created: [{ ...visit, id: 'p1' }] } });
  });

  test('a _changed that is not a string', () => {
    expect(
      problemsOf({ patients: { updated: [{ ...patient, _changed: ['given_name'] }] } }),
    ).toEqual([{ table: 'patients', id: 'p1', column: '_changed', problem: 'must be a string' }]);
  });

  test('null in a column that is not optional', () => {
    expect(columnProblems('patients', 'given_name', null)).toEqual([
      { table: 'patients', id: 'r1', column: 'given_name', problem: 'must not be null' },
    ]);
    expect(columnProblems('patients', 'created_at', null)).toEqual([
      { table: 'patients', id: 'r1', column: 'created_at', problem: 'must not be null' },
    ]);
  });

  const wrongValues: readonly [
    kind: string,
    table: string,
    column: string,
    value: unknown,
    problem: string,
  ][] = [
    ['text', 'patients', 'given_name', 5, 'must be a string'],
    ['text', 'patients', 'given_name', true, 'must be a string'],
    ['text', 'patients', 'given_name', { a: 1 }, 'must be a string'],
    ['text', 'patients', 'given_name', 'a\uD800b', 'is not well-formed Unicode (a lone surrogate)'],
    ['text', 'patients', 'given_name', '\uDC00', 'is not well-formed Unicode (a lone surrogate)'],
    ['text', 'patients', 'given_name', 'a\u0000b', 'contains the character U+0000'],
    ['time', 'patients', 'created_at', '1700000000000', 'must be an integer (epoch milliseconds)'],
    ['time', 'patients', 'created_at', 1700000000000.5, 'must be an integer (epoch milliseconds)'],
    ['time', 'patients', 'created_at', NaN, 'must be an integer (epoch milliseconds)'],
    ['time', 'patients', 'created_at', Infinity, 'must be an integer (epoch milliseconds)'],
    ['time', 'patients', 'created_at', 'NaN', 'must be an integer (epoch milliseconds)'],
    ['time', 'patients', 'created_at', true, 'must be an integer (epoch milliseconds)'],
    [
      'time',
      'patients',
      'created_at',
      maxTimeMs + 1,
      'must be a time between the years 0001 and 9999',
    ],
    [
      'time',
      'patients',
      'created_at',
      minTimeMs - 1,
      'must be a time between the years 0001 and 9999',
    ],
    ['time', 'patients', 'created_at', 1e300, 'must be a time between the years 0001 and 9999'],
    ['date', 'patients', 'date_of_birth', '1990-02-30', "must be 'YYYY-MM-DD' or ''"],
    ['date', 'patients', 'date_of_birth', '1900-02-29', "must be 'YYYY-MM-DD' or ''"],
    ['date', 'patients', 'date_of_birth', '1990-13-01', "must be 'YYYY-MM-DD' or ''"],
    ['date', 'patients', 'date_of_birth', '1990-04-00', "must be 'YYYY-MM-DD' or ''"],
    ['date', 'patients', 'date_of_birth', '0000-01-01', "must be 'YYYY-MM-DD' or ''"],
    ['date', 'patients', 'date_of_birth', '1990-4-2', "must be 'YYYY-MM-DD' or ''"],
    ['date', 'patients', 'date_of_birth', '1990-04-02T00:00:00Z', "must be 'YYYY-MM-DD' or ''"],
    ['date', 'patients', 'date_of_birth', ' 1990-04-02', "must be 'YYYY-MM-DD' or ''"],
    ['date', 'patients', 'date_of_birth', 638928000000, 'must be a string'],
    ['json', 'patients', 'additional_data', '{a: 1}', 'must hold valid JSON text'],
    ['json', 'patients', 'additional_data', '{"a": 1', 'must hold valid JSON text'],
    ['json', 'patients', 'additional_data', 'undefined', 'must hold valid JSON text'],
    ['json', 'patients', 'additional_data', 'NaN', 'must hold valid JSON text'],
    ['json', 'patients', 'additional_data', { a: 1 }, 'must be a JSON-encoded string'],
    ['json', 'patients', 'additional_data', 1, 'must be a JSON-encoded string'],
    [
      'json',
      'patients',
      'additional_data',
      '"\uD800"',
      'is not well-formed Unicode (a lone surrogate)',
    ],
    ['json', 'patients', 'additional_data', '"\u0000"', 'contains the character U+0000'],
    ['boolean', 'patients', 'is_deleted', 'true', 'must be a boolean'],
    ['boolean', 'patients', 'is_deleted', 0, 'must be a boolean'],
    ['float', 'patient_vitals', 'weight_kg', '70', 'must be a number'],
    ['float', 'patient_vitals', 'weight_kg', NaN, 'must be a number'],
    ['float', 'patient_vitals', 'weight_kg', Infinity, 'must be a number'],
    ['float', 'patient_vitals', 'weight_kg', -Infinity, 'must be a number'],
    ['float', 'patient_vitals', 'weight_kg', 'NaN', 'must be a number'],
    ['decimal', 'drug_catalogue', 'sale_price', 12.5, 'must be a decimal number as a string'],
    ...['01.5', '1.', '.5', '+1', '1e3', ' 1', '1 ', '1,5', '--1', '', 'NaN', 'Infinity'].map(
      (value): [string, string, string, unknown, string] => [
        'decimal',
        'drug_catalogue',
        'sale_price',
        value,
        "must be a decimal such as '12.50'",
      ],
    ),
  ];

  test.each(wrongValues)('a wrong %s value: %s.%s = %j', (_kind, table, column, value, problem) => {
    expect(columnProblems(table, column, value)).toEqual([{ table, id: 'r1', column, problem }]);
  });

  test('every problem of a record, and of a body, at most 20', () => {
    expect(
      problemsOf({
        patients: { created: [{ ...patient, given_name: 1, created_at: 'x', nick: 1 }] },
      }),
    ).toEqual([
      { table: 'patients', id: 'p1', column: 'given_name', problem: 'must be a string' },
      {
        table: 'patients',
        id: 'p1',
        column: 'created_at',
        problem: 'must be an integer (epoch milliseconds)',
      },
      { table: 'patients', id: 'p1', column: 'nick', problem: 'is not a column of this table' },
    ]);
    const many = Array.from({ length: 30 }, (_, i) => ({ id: `p${i}`, given_name: i }));
    expect(problemsOf({ patients: { updated: many } })).toHaveLength(20);
  });
});
