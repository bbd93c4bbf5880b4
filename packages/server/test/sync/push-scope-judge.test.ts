import { getTable, permissionFlags } from '@clinicsync/schema';
import type { AnyWireRow, PermissionFlag, PushedTableChanges, TableName } from '@clinicsync/schema';
import { makeRow } from '@clinicsync/testing/fixtures';
import { describe, expect, it } from 'vitest';
import { judgePush } from '../../src/sync/push/judge-push.js';
import type { Writer } from '../../src/sync/push/judge-push.js';
import type { PushScopeInputs, StoredRecord } from '../../src/sync/push/read-push-scope.js';
import type { Flags, UserScope } from '../../src/scope/user-scope.js';

// The judge is pure: the scope and what the server holds are given as data.

const noFlags = Object.fromEntries(permissionFlags.map((f) => [f, false])) as Flags;
const allFlags = Object.fromEntries(permissionFlags.map((f) => [f, true])) as Flags;

function scopeOf(
  clinics: Record<string, readonly PermissionFlag[] | 'all'>,
  whole = false,
): UserScope {
  const flags = new Map(
    Object.entries(clinics).map(([clinic, granted]) => [
      clinic,
      granted === 'all'
        ? allFlags
        : { ...noFlags, ...Object.fromEntries(granted.map((f) => [f, true])) },
    ]),
  );
  return {
    userId: 'me',
    whole,
    administers: whole,
    clinics: new Set(flags.keys()),
    flagsIn: (c) => (whole ? allFlags : (flags.get(c ?? '') ?? noFlags)),
    inClinic: (c) => whole || flags.has(c ?? ''),
  };
}

const writerIn = (clinics: Record<string, readonly PermissionFlag[] | 'all'>): Writer => ({
  scope: scopeOf(clinics),
  homeClinicId: Object.keys(clinics)[0]!,
});

interface Held {
  stored?: [TableName, string, Record<string, string | null>, boolean?][];
  reach?: string[];
  primary?: Record<string, string>;
  visits?: Record<string, string>;
  members?: Record<string, string[]>;
}

function inputsOf(held: Held = {}): PushScopeInputs {
  const stored = new Map<TableName, Map<string, StoredRecord>>();
  for (const [table, id, values, deleted] of held.stored ?? []) {
    let rows = stored.get(table);
    if (!rows) stored.set(table, (rows = new Map()));
    rows.set(id, { deleted: deleted ?? false, values });
  }
  return {
    stored,
    patientsInReach: new Set(held.reach ?? []),
    primaryClinics: new Map(Object.entries(held.primary ?? {})),
    visitClinics: new Map(Object.entries(held.visits ?? {})),
    memberships: new Map(Object.entries(held.members ?? {}).map(([u, c]) => [u, new Set(c)])),
  };
}

function changes(
  table: TableName,
  lists: { created?: AnyWireRow[]; updated?: [AnyWireRow, string[]?][]; deleted?: string[] },
): PushedTableChanges {
  return {
    table: getTable(table),
    created: (lists.created ?? []).map((row) => ({ row, changed: null })),
    updated: (lists.updated ?? []).map(([row, changed]) => ({ row, changed: changed ?? null })),
    deleted: lists.deleted ?? [],
  };
}

const reasons = (judged: ReturnType<typeof judgePush>) =>
  judged.refused.map((r) => [r.table, r.id, r.reason]);
const acceptedIds = (judged: ReturnType<typeof judgePush>) =>
  judged.accepted.flatMap((c) => [
    ...c.created.map((r) => `${c.table.name}/${r.row.id}`),
    ...c.updated.map((r) => `${c.table.name}/${r.row.id}`),
    ...c.deleted.map((id) => `${c.table.name}/-${id}`),
  ]);

const patientA = (id: string, values: Record<string, unknown> = {}) =>
  makeRow('patients', { id, primary_clinic_id: 'A', ...values });

describe('judgePush: create or edit is whether the id exists', () => {
  const registrar = writerIn({ A: ['can_register_patients'] });

  it('a patient pushed in `created` whose id exists is an edit: forbidden to a registrar', () => {
    const judged = judgePush(
      [changes('patients', { created: [patientA('p1', { phone: 'overwritten' })] })],
      registrar,
      inputsOf({ stored: [['patients', 'p1', { primary_clinic_id: 'A' }]], reach: ['p1'] }),
    );
    expect(reasons(judged)).toEqual([['patients', 'p1', 'forbidden']]);
    expect(judged.accepted).toEqual([]);
    expect(judged.refused[0]).toMatchObject({
      clinicId: 'A',
      values: { id: 'p1', phone: 'overwritten' },
    });
  });

  it('a patient pushed in `updated` whose id is unknown is a create: a registrar may', () => {
    const judged = judgePush(
      [changes('patients', { updated: [[patientA('p2'), ['phone']]] })],
      registrar,
      inputsOf(),
    );
    expect(judged.refused).toEqual([]);
    expect(acceptedIds(judged)).toEqual(['patients/p2']);
  });
});

describe('judgePush: scope', () => {
  const provider = writerIn({ A: 'all' });

  it('a new patient must be registered at one of the writer clinics', () => {
    const judged = judgePush(
      [
        changes('patients', {
          created: [
            patientA('in'),
            patientA('out', { primary_clinic_id: 'B' }),
            patientA('none', { primary_clinic_id: '' }),
          ],
        }),
      ],
      provider,
      inputsOf(),
    );
    expect(reasons(judged)).toEqual([
      ['patients', 'out', 'out_of_scope'],
      ['patients', 'none', 'out_of_scope'],
    ]);
    expect(judged.refused[0]!.clinicId).toBe('B');
    expect(acceptedIds(judged)).toEqual(['patients/in']);
  });

  it('an edit or delete of a patient out of scope, or moving one away, is out_of_scope', () => {
    const held = inputsOf({
      stored: [
        ['patients', 'theirs', { primary_clinic_id: 'B' }],
        ['patients', 'ours', { primary_clinic_id: 'A' }],
        ['patients', 'gone', { primary_clinic_id: 'B' }],
      ],
      reach: ['ours'],
    });
    const judged = judgePush(
      [
        changes('patients', {
          updated: [
            [{ id: 'theirs', phone: '1' }, ['phone']],
            [{ id: 'ours', primary_clinic_id: 'B' }, ['primary_clinic_id']],
          ],
          deleted: ['gone'],
        }),
      ],
      provider,
      held,
    );
    expect(reasons(judged)).toEqual([
      ['patients', 'theirs', 'out_of_scope'],
      ['patients', 'ours', 'out_of_scope'],
      ['patients', 'gone', 'out_of_scope'],
    ]);
    expect(judged.refused[2]).toMatchObject({
      values: { id: 'gone', deleted: true },
      clinicId: 'B',
    });
  });

  it('an unchanged primary clinic is no move, even when every column is pushed', () => {
    const judged = judgePush(
      [changes('patients', { updated: [[patientA('ours', { phone: '2' })]] })],
      provider,
      inputsOf({ stored: [['patients', 'ours', { primary_clinic_id: 'A' }]], reach: ['ours'] }),
    );
    expect(judged.refused).toEqual([]);
  });

  it('children hang under a patient in scope, or one this push creates and keeps', () => {
    const judged = judgePush(
      [
        changes('patients', {
          created: [patientA('new'), patientA('refused', { primary_clinic_id: 'B' })],
        }),
        changes('events', {
          created: [
            makeRow('events', { id: 'e-in', patient_id: 'ours' }),
            makeRow('events', { id: 'e-new', patient_id: 'new' }),
            makeRow('events', { id: 'e-refused', patient_id: 'refused' }),
            makeRow('events', { id: 'e-theirs', patient_id: 'theirs' }),
            makeRow('events', { id: 'e-none', patient_id: '' }),
          ],
        }),
      ],
      provider,
      inputsOf({ reach: ['ours'], primary: { ours: 'A', theirs: 'B' } }),
    );
    expect(reasons(judged)).toEqual([
      ['patients', 'refused', 'out_of_scope'],
      ['events', 'e-refused', 'out_of_scope'],
      ['events', 'e-theirs', 'out_of_scope'],
      ['events', 'e-none', 'out_of_scope'],
    ]);
    expect(acceptedIds(judged)).toEqual(['patients/new', 'events/e-in', 'events/e-new']);
  });

  it('a record given another clinic (new or changed, non-empty) is out_of_scope', () => {
    const judged = judgePush(
      [
        changes('visits', {
          created: [
            makeRow('visits', { id: 'v-b', patient_id: 'ours', clinic_id: 'B' }),
            makeRow('visits', { id: 'v-none', patient_id: 'ours', clinic_id: '' }),
          ],
          updated: [
            [{ id: 'v-moved', clinic_id: 'B' }, ['clinic_id']],
            [{ id: 'v-kept', clinic_id: 'B', provider_name: 'x' }],
          ],
        }),
        changes('prescriptions', {
          created: [
            makeRow('prescriptions', { id: 'rx', patient_id: 'ours', pickup_clinic_id: 'B' }),
          ],
        }),
      ],
      writerIn({ A: 'all', C: ['can_edit_records'] }),
      inputsOf({
        stored: [
          ['visits', 'v-moved', { patient_id: 'ours', clinic_id: 'A' }],
          // A visit at another clinic of a patient in scope: editable where the flags allow.
          ['visits', 'v-kept', { patient_id: 'ours', clinic_id: 'B' }],
        ],
        reach: ['ours'],
        primary: { ours: 'A' },
      }),
    );
    expect(reasons(judged)).toEqual([
      ['visits', 'v-b', 'out_of_scope'],
      ['visits', 'v-moved', 'out_of_scope'],
      ['visits', 'v-kept', 'forbidden'],
      ['prescriptions', 'rx', 'out_of_scope'],
    ]);
    expect(acceptedIds(judged)).toEqual(['visits/v-none']);
    expect(judged.clinics.get('visits')?.get('v-none')).toBe('A');
  });

  it('deleting an unknown or already deleted id passes: it changes nothing', () => {
    const judged = judgePush(
      [changes('patients', { deleted: ['unknown', 'tomb'] })],
      writerIn({ A: [] }),
      inputsOf({ stored: [['patients', 'tomb', { primary_clinic_id: 'B' }, true]] }),
    );
    expect(judged.refused).toEqual([]);
    expect(acceptedIds(judged)).toEqual(['patients/-unknown', 'patients/-tomb']);
  });

  it('a super_admin reaches every patient and clinic', () => {
    const admin: Writer = { scope: scopeOf({}, true), homeClinicId: 'A' };
    const judged = judgePush(
      [
        changes('patients', { created: [patientA('p', { primary_clinic_id: 'Z' })] }),
        changes('visits', { created: [makeRow('visits', { id: 'v', patient_id: 'nobody' })] }),
      ],
      admin,
      inputsOf(),
    );
    expect(judged.refused).toEqual([]);
  });

  it('server_managed tables are refused to everyone, their values kept', () => {
    const admin: Writer = { scope: scopeOf({}, true), homeClinicId: 'A' };
    const clinic = makeRow('clinics', { id: 'c1', name: 'Rogue' });
    const judged = judgePush(
      [changes('clinics', { created: [clinic], deleted: ['c2'] })],
      admin,
      inputsOf(),
    );
    expect(judged.refused).toEqual([
      { table: 'clinics', id: 'c1', reason: 'server_managed', clinicId: null, values: clinic },
      {
        table: 'clinics',
        id: 'c2',
        reason: 'server_managed',
        clinicId: null,
        values: { id: 'c2', deleted: true },
      },
    ]);
    expect(judged.accepted).toEqual([]);
  });
});

describe('judgePush: the flags of the record clinic', () => {
  it('own clinic column, else the visit clinic, else the patient clinic, else home', () => {
    const writer: Writer = {
      scope: scopeOf({ A: ['can_edit_records'], C: [] }),
      homeClinicId: 'A',
    };
    const judged = judgePush(
      [
        changes('events', {
          created: [
            // Visit at C, where the writer holds no flag.
            makeRow('events', { id: 'at-c', patient_id: 'p', visit_id: 'v-c' }),
            // No visit: the patient's primary clinic C.
            makeRow('events', { id: 'patient-c', patient_id: 'p', visit_id: '' }),
            // A followed patient of B (not the writer's): home clinic A.
            makeRow('events', { id: 'followed', patient_id: 'f', visit_id: '' }),
          ],
        }),
      ],
      writer,
      inputsOf({ reach: ['p', 'f'], primary: { p: 'C', f: 'B' }, visits: { 'v-c': 'C' } }),
    );
    expect(reasons(judged)).toEqual([
      ['events', 'at-c', 'forbidden'],
      ['events', 'patient-c', 'forbidden'],
    ]);
    expect(judged.refused.map((r) => r.clinicId)).toEqual(['C', 'C']);
    expect(judged.clinics.get('events')?.get('followed')).toBe('A');
  });

  it('a visit pushed with its events decides their clinic', () => {
    const writer = writerIn({ A: ['can_edit_records'], C: [] });
    const judged = judgePush(
      [
        changes('visits', {
          created: [makeRow('visits', { id: 'v', patient_id: 'p', clinic_id: 'A' })],
        }),
        changes('events', {
          created: [makeRow('events', { id: 'e', patient_id: 'p', visit_id: 'v' })],
        }),
      ],
      writer,
      inputsOf({ reach: ['p'], primary: { p: 'C' } }),
    );
    expect(judged.refused).toEqual([]);
    expect(judged.clinics.get('events')?.get('e')).toBe('A');
  });

  it('each clinic its own flags: prescribing in A, dispensing in C', () => {
    const writer = writerIn({ A: ['can_prescribe_medications'], C: ['can_dispense_medications'] });
    const rx = (id: string, clinic: string) =>
      makeRow('prescriptions', { id, patient_id: 'p', pickup_clinic_id: clinic });
    const dispense = (id: string, clinic: string) =>
      makeRow('dispensing_records', { id, patient_id: 'p', clinic_id: clinic });
    const judged = judgePush(
      [
        changes('prescriptions', { created: [rx('rx-a', 'A'), rx('rx-c', 'C')] }),
        changes('dispensing_records', { created: [dispense('d-a', 'A'), dispense('d-c', 'C')] }),
      ],
      writer,
      inputsOf({ reach: ['p'], primary: { p: 'A' } }),
    );
    expect(reasons(judged)).toEqual([
      ['prescriptions', 'rx-c', 'forbidden'],
      ['dispensing_records', 'd-a', 'forbidden'],
    ]);
  });

  it('moving a record between two of the writer clinics needs the flag in both', () => {
    const writer = writerIn({ A: [], C: ['can_edit_records'] });
    const judged = judgePush(
      [changes('visits', { updated: [[{ id: 'v', clinic_id: 'C' }, ['clinic_id']]] })],
      writer,
      inputsOf({ stored: [['visits', 'v', { patient_id: 'p', clinic_id: 'A' }]], reach: ['p'] }),
    );
    expect(reasons(judged)).toEqual([['visits', 'v', 'forbidden']]);
  });

  it('deletes need the delete flag of the record clinic', () => {
    const writer = writerIn({ A: ['can_delete_patient_visits'] });
    const judged = judgePush(
      [changes('visits', { deleted: ['v'] }), changes('events', { deleted: ['e'] })],
      writer,
      inputsOf({
        stored: [
          ['visits', 'v', { patient_id: 'p', clinic_id: 'A' }],
          ['events', 'e', { patient_id: 'p', visit_id: 'v' }],
        ],
        reach: ['p'],
        visits: { v: 'A' },
      }),
    );
    expect(reasons(judged)).toEqual([['events', 'e', 'forbidden']]);
    expect(acceptedIds(judged)).toEqual(['visits/-v']);
  });
});

describe('judgePush: nobody writes in another name', () => {
  const writer = writerIn({ A: 'all' });

  it('authors naming someone else become the writer; empty ones stay', () => {
    const judged = judgePush(
      [
        changes('patients', {
          created: [
            patientA('p1', { last_modified_by: 'someone' }),
            patientA('p2', { last_modified_by: '' }),
          ],
        }),
        changes('events', {
          created: [makeRow('events', { id: 'e1', patient_id: 'p1', recorded_by_user_id: 'me' })],
          updated: [
            [{ id: 'e2', recorded_by_user_id: 'someone' }, ['recorded_by_user_id']],
            // The stored author, sent back unchanged with the whole row: not a write.
            [{ id: 'e3', recorded_by_user_id: 'bob', form_data: '{}' }],
          ],
        }),
      ],
      writer,
      inputsOf({
        stored: [
          ['events', 'e2', { patient_id: 'p1', recorded_by_user_id: 'bob' }],
          ['events', 'e3', { patient_id: 'p1', recorded_by_user_id: 'bob' }],
        ],
        reach: ['p1'],
      }),
    );
    const rows = new Map(
      judged.accepted.flatMap((c) => [...c.created, ...c.updated].map((r) => [r.row.id, r.row])),
    );
    expect(rows.get('p1')?.['last_modified_by']).toBe('me');
    expect(rows.get('p2')?.['last_modified_by']).toBe('');
    expect(rows.get('e1')?.['recorded_by_user_id']).toBe('me');
    expect(rows.get('e2')?.['recorded_by_user_id']).toBe('me');
    expect(rows.get('e3')?.['recorded_by_user_id']).toBe('bob');
  });

  it('a new or changed provider_id must be a member of the record clinic', () => {
    const visit = (id: string, provider: string) =>
      makeRow('visits', { id, patient_id: 'p', clinic_id: 'A', provider_id: provider });
    const judged = judgePush(
      [
        changes('visits', {
          created: [
            visit('mine', 'me'),
            visit('colleague', 'ann'),
            visit('stranger', 'bo'),
            visit('boss', 'root'),
            visit('nobody', ''),
          ],
          updated: [[{ id: 'old', provider_id: 'bo', provider_name: 'x' }]],
        }),
      ],
      writer,
      inputsOf({
        stored: [['visits', 'old', { patient_id: 'p', clinic_id: 'A', provider_id: 'bo' }]],
        reach: ['p'],
        members: { me: ['A'], ann: ['A', 'B'], bo: ['B'], root: ['*'] },
      }),
    );
    expect(reasons(judged)).toEqual([['visits', 'stranger', 'forbidden']]);
  });
});
