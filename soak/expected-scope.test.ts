import { describe, expect, test } from 'vitest';
import { expectedScope } from './lib/expected-scope.js';
import type { Organisation } from './lib/expected-scope.js';

// The soak's "0 leaked" is only as good as this first-principles scope: each
// rule of PROTOCOL.md's "Scope" must bring in what it should and nothing else.

const ids = (rows: readonly Record<string, unknown>[] | undefined) =>
  (rows ?? []).map((r) => r['id']).sort();

function organisation(): Organisation {
  return {
    rows: {
      clinics: [{ id: 'A' }, { id: 'B' }, { id: 'C' }],
      users: [
        { id: 'u1', role: 'provider', email: 'u1@x' },
        { id: 'u2', role: 'provider', email: 'u2@x' },
        { id: 'u3', role: 'admin', email: 'u3@x' },
        { id: 'u4', role: 'provider', email: 'u4@x' },
        { id: 'u5', role: 'super_admin', email: 'u5@x' },
      ],
      patients: [
        { id: 'pa', primary_clinic_id: 'A', last_modified_by: '' },
        { id: 'pb', primary_clinic_id: 'B', last_modified_by: 'u2' },
        { id: 'pc', primary_clinic_id: 'C', last_modified_by: 'u4' },
        { id: 'pd', primary_clinic_id: 'C', last_modified_by: '' },
      ],
      visits: [
        { id: 'va', patient_id: 'pa', clinic_id: 'A', provider_id: '' },
        { id: 'vb', patient_id: 'pb', clinic_id: 'B', provider_id: 'u2' },
        // A visit at A brings patient pc (of C) to A's users, whole.
        { id: 'vc', patient_id: 'pc', clinic_id: 'A', provider_id: '' },
        { id: 'vc2', patient_id: 'pc', clinic_id: 'C', provider_id: '' },
      ],
      events: [
        { id: 'ea', patient_id: 'pa', visit_id: 'va', recorded_by_user_id: '' },
        { id: 'eb', patient_id: 'pb', visit_id: 'vb', recorded_by_user_id: 'u2' },
        { id: 'ec', patient_id: 'pc', visit_id: 'vc2', recorded_by_user_id: '' },
        { id: 'ed', patient_id: 'pd', visit_id: '', recorded_by_user_id: '' },
      ],
      event_forms: [
        { id: 'f-all', clinic_ids: '' },
        { id: 'f-none', clinic_ids: '[]' },
        { id: 'f-a', clinic_ids: '["A","C"]' },
        { id: 'f-b', clinic_ids: '["B"]' },
      ],
      clinic_departments: [
        { id: 'da', clinic_id: 'A' },
        { id: 'db', clinic_id: 'B' },
      ],
      registration_forms: [{ id: 'r' }],
    },
    clinicsOf: new Map([
      ['u1', new Set(['A'])],
      ['u2', new Set(['B'])],
      ['u3', new Set(['A', 'B'])],
      ['u4', new Set(['C'])],
      // A super administrator belongs to the whole organisation, sharing no clinic.
      ['u5', new Set(['*'])],
    ]),
    followsOf: new Map([['u1', new Set(['pd'])]]),
  };
}

describe('expectedScope', () => {
  test('a provider of A: its patients, one seen at A, one followed, each whole', () => {
    const scope = expectedScope(organisation(), 'u1');
    expect(ids(scope['patients'])).toEqual(['pa', 'pc', 'pd']);
    expect(ids(scope['visits'])).toEqual(['va', 'vc', 'vc2']);
    expect(ids(scope['events'])).toEqual(['ea', 'ec', 'ed']);
    // Sharing A (u3), authoring an in-scope row (u4), and themselves; only their own email.
    expect(ids(scope['users'])).toEqual(['u1', 'u3', 'u4']);
    expect(scope['users']!.map((u) => u['email'])).toEqual(['u1@x', '', '']);
    expect(ids(scope['event_forms'])).toEqual(['f-a', 'f-all', 'f-none']);
    expect(ids(scope['clinic_departments'])).toEqual(['da']);
    expect(ids(scope['clinics'])).toEqual(['A', 'B', 'C']);
    expect(ids(scope['registration_forms'])).toEqual(['r']);
    expect(scope['user_clinic_permissions']).toBeUndefined();
  });

  test('an admin of two clinics: both, with emails; a user of neither sees none of it', () => {
    const admin = expectedScope(organisation(), 'u3');
    expect(ids(admin['patients'])).toEqual(['pa', 'pb', 'pc']);
    expect(ids(admin['users'])).toEqual(['u1', 'u2', 'u3', 'u4']);
    expect(admin['users']!.find((u) => u['id'] === 'u2')!['email']).toBe('u2@x');
    const other = expectedScope(organisation(), 'u4');
    expect(ids(other['patients'])).toEqual(['pc', 'pd']);
    expect(ids(other['visits'])).toEqual(['vc', 'vc2']);
    expect(ids(other['users'])).toEqual(['u4']);
    expect(ids(other['event_forms'])).toEqual(['f-a', 'f-all', 'f-none']);
    expect(ids(other['clinic_departments'])).toEqual([]);
  });
});
