import { describe, expect, it } from 'vitest';
import { schemaVersion } from '../tables.generated.js';
import { pullAnswer } from './pull-answer.js';
import { maxPageSize, pullQuery, pushQuery } from './pull-query.js';

const absent = { lastPulledAt: 0, schemaVersion: null, migration: null, limit: null, next: null };

function refused(query: unknown): boolean {
  return !pullQuery.safeParse(query).success;
}

describe('pullQuery', () => {
  it('an empty query is a first sync, unpaged, without schema version or migration', () => {
    expect(pullQuery.parse({})).toEqual(absent);
  });

  it('reads the snake_case spellings', () => {
    expect(
      pullQuery.parse({ last_pulled_at: '1700000000123', schema_version: '9', limit: '5000' }),
    ).toEqual({ ...absent, lastPulledAt: 1_700_000_000_123, schemaVersion: 9, limit: 5000 });
  });

  it('reads the camelCase spellings', () => {
    expect(pullQuery.parse({ lastPulledAt: '42', schemaVersion: '8' })).toEqual({
      ...absent,
      lastPulledAt: 42,
      schemaVersion: 8,
    });
  });

  it('takes the snake_case value when both spellings are sent', () => {
    expect(
      pullQuery.parse({
        last_pulled_at: '10',
        lastPulledAt: '20',
        schema_version: '7',
        schemaVersion: '8',
      }),
    ).toMatchObject({ lastPulledAt: 10, schemaVersion: 7 });
    expect(pullQuery.parse({ last_pulled_at: '0', lastPulledAt: '20' }).lastPulledAt).toBe(0);
  });

  it('a snake_case value that says nothing gives way to the camelCase one', () => {
    expect(pullQuery.parse({ last_pulled_at: 'null', lastPulledAt: '20' }).lastPulledAt).toBe(20);
  });

  it.each(['null', '', 'undefined'])('reads %j as absent, wherever it is sent', (nothing) => {
    expect(
      pullQuery.parse({
        last_pulled_at: nothing,
        lastPulledAt: nothing,
        schema_version: nothing,
        schemaVersion: nothing,
        migration: nothing,
        limit: nothing,
        next: nothing === '' ? '' : undefined,
      }),
    ).toEqual(absent);
  });

  it('ignores parameters it does not know', () => {
    expect(pullQuery.parse({ turbo: 'true', page: '3' })).toEqual(absent);
  });

  it.each(['-1', '1.5', '1e3', '0x10', ' 5', '5 ', '+5', 'abc', '9007199254740992', '１２'])(
    'refuses last_pulled_at=%j: only whole numbers up to 2^53-1',
    (text) => {
      expect(refused({ last_pulled_at: text })).toBe(true);
      expect(refused({ lastPulledAt: text })).toBe(true);
    },
  );

  it('accepts last_pulled_at from 0 to 2^53-1', () => {
    expect(pullQuery.parse({ last_pulled_at: '0' }).lastPulledAt).toBe(0);
    expect(pullQuery.parse({ last_pulled_at: '9007199254740991' }).lastPulledAt).toBe(
      Number.MAX_SAFE_INTEGER,
    );
  });

  it('refuses a parameter sent twice (a list, not a string)', () => {
    expect(refused({ last_pulled_at: ['1', '2'] })).toBe(true);
  });

  it('accepts schema versions from 1 to the current one, refuses 0 and anything newer', () => {
    expect(pullQuery.parse({ schema_version: '1' }).schemaVersion).toBe(1);
    expect(pullQuery.parse({ schema_version: String(schemaVersion) }).schemaVersion).toBe(
      schemaVersion,
    );
    expect(refused({ schema_version: '0' })).toBe(true);
    expect(refused({ schema_version: String(schemaVersion + 1) })).toBe(true);
    expect(refused({ schemaVersion: String(schemaVersion + 1) })).toBe(true);
    const issue = pullQuery.safeParse({ schema_version: String(schemaVersion + 1) }).error
      ?.issues[0];
    expect(issue?.message).toBe(`This server speaks schema version ${schemaVersion} or older.`);
  });

  it(`accepts a limit from 1 to ${maxPageSize}`, () => {
    expect(pullQuery.parse({ limit: '1' }).limit).toBe(1);
    expect(pullQuery.parse({ limit: String(maxPageSize) }).limit).toBe(maxPageSize);
    expect(refused({ limit: '0' })).toBe(true);
    expect(refused({ limit: String(maxPageSize + 1) })).toBe(true);
    expect(refused({ limit: '-5' })).toBe(true);
  });

  it('reads a migration request: tables to send whole, columns per table', () => {
    const migration = JSON.stringify({
      from: 8,
      tables: ['patient_problems'],
      columns: [{ table: 'patients', columns: ['primary_clinic_id', 'last_modified_by'] }],
    });
    expect(pullQuery.parse({ migration }).migration).toEqual({
      tables: ['patient_problems'],
      columns: [['patients', ['primary_clinic_id', 'last_modified_by']]],
    });
  });

  it('a migration without tables or columns asks for none', () => {
    expect(pullQuery.parse({ migration: '{"from":8}' }).migration).toEqual({
      tables: [],
      columns: [],
    });
  });

  it('a migration that is JSON null is no migration', () => {
    expect(pullQuery.parse({ migration: 'null' }).migration).toBeNull();
    expect(pullQuery.parse({ migration: ' null ' }).migration).toBeNull();
  });

  it.each([
    ['not JSON', '{tables: []}'],
    ['a list', '["patients"]'],
    ['tables as text', '{"tables":"patients"}'],
    ['a fractional from', '{"from":8.5}'],
    ['a column list without a table', '{"columns":[{"columns":["a"]}]}'],
    ['more than 64 tables', JSON.stringify({ tables: Array.from({ length: 65 }, () => 't') })],
    ['a table name over 64 characters', JSON.stringify({ tables: ['t'.repeat(65)] })],
  ])('refuses a migration that is %s', (_case, migration) => {
    expect(refused({ migration })).toBe(true);
  });

  it('keeps the next page token as sent, an empty one as absent', () => {
    expect(pullQuery.parse({ next: 'abc.DEF-123' }).next).toBe('abc.DEF-123');
    expect(pullQuery.parse({ next: '' }).next).toBeNull();
  });

  it('refuses a next page token over 4096 characters', () => {
    expect(pullQuery.parse({ next: 'x'.repeat(4096) }).next).toHaveLength(4096);
    expect(refused({ next: 'x'.repeat(4097) })).toBe(true);
  });
});

describe('pushQuery', () => {
  it('reads the cursor a push is based on, 0 when absent, and refuses a bad one', () => {
    expect(pushQuery.parse({})).toEqual({ lastPulledAt: 0 });
    expect(pushQuery.parse({ lastPulledAt: '77' })).toEqual({ lastPulledAt: 77 });
    expect(pushQuery.parse({ last_pulled_at: 'null' })).toEqual({ lastPulledAt: 0 });
    expect(pushQuery.safeParse({ last_pulled_at: '-1' }).success).toBe(false);
    expect(pushQuery.safeParse({ schema_version: String(schemaVersion + 1) }).success).toBe(false);
  });
});

describe('pullAnswer', () => {
  const row = { id: 'p1', given_name: 'Amina' };

  it('accepts a change set with its timestamp', () => {
    const answer = { changes: { patients: { created: [row], updated: [], deleted: ['p2'] } } };
    expect(pullAnswer.parse({ ...answer, timestamp: 1 })).toEqual({ ...answer, timestamp: 1 });
  });

  it('refuses has_more without next', () => {
    const result = pullAnswer.safeParse({ changes: {}, timestamp: 1, has_more: true });
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ path: ['next'], message: 'has_more without next' }),
    ]);
  });

  it('accepts has_more with next, and the last page without either', () => {
    expect(
      pullAnswer.safeParse({ changes: {}, timestamp: 1, has_more: true, next: 'n' }).success,
    ).toBe(true);
    expect(pullAnswer.safeParse({ changes: {}, timestamp: 1, has_more: false }).success).toBe(true);
  });

  it('reads a list another server leaves out as empty', () => {
    expect(pullAnswer.parse({ changes: { visits: {} }, timestamp: 1 }).changes).toEqual({
      visits: { created: [], updated: [], deleted: [] },
    });
    expect(
      pullAnswer.parse({ changes: { visits: { updated: [row] } }, timestamp: 1 }).changes,
    ).toEqual({ visits: { created: [], updated: [row], deleted: [] } });
  });

  it('keeps a table this device does not know (a newer server)', () => {
    const changes = { lab_results: { created: [{ id: 'l1' }], updated: [], deleted: [] } };
    expect(pullAnswer.parse({ changes, timestamp: 1 }).changes).toEqual(changes);
  });

  it.each([
    ['without an id', { given_name: 'Amina' }],
    ['with a numeric id', { id: 7 }],
    ['that is a list', ['p1']],
    ['that is null', null],
  ])('refuses a row %s', (_case, bad) => {
    expect(
      pullAnswer.safeParse({ changes: { patients: { created: [bad] } }, timestamp: 1 }).success,
    ).toBe(false);
    expect(
      pullAnswer.safeParse({ changes: { patients: { updated: [bad] } }, timestamp: 1 }).success,
    ).toBe(false);
  });

  it('refuses a deleted id outside the id pattern', () => {
    expect(
      pullAnswer.safeParse({ changes: { patients: { deleted: ['a b'] } }, timestamp: 1 }).success,
    ).toBe(false);
  });

  it.each([0, -1, 1.5, Number.MAX_SAFE_INTEGER + 1, '1'])('refuses the timestamp %j', (t) => {
    expect(pullAnswer.safeParse({ changes: {}, timestamp: t }).success).toBe(false);
  });

  it('refuses an empty next', () => {
    expect(pullAnswer.safeParse({ changes: {}, timestamp: 1, next: '' }).success).toBe(false);
  });
});
