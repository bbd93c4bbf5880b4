import { afterAll, beforeAll, expect, test } from 'vitest';
import { pull, startTestServer } from '@clinicsync/testing/server';
import type { TestServer, TestUser } from '@clinicsync/testing/server';
import { call, expectError, issuePaths, signIn } from './admin-calls.js';

let server: TestServer;
let auth: string;
let provider: TestUser;

beforeAll(async () => {
  server = await startTestServer();
  auth = await signIn(server.app, server.admin.email, server.admin.password);
  provider = await server.addUser('provider', { can_register_patients: true });
});
afterAll(() => server.close());

/** Fields as the Hikma admin portal's form builder makes them. */
const eventFields = [
  {
    id: 'f-complaint',
    name: 'Chief complaint',
    description: 'In the patient’s words',
    required: true,
    fieldType: 'free-text',
    inputType: 'textarea',
    length: 'long',
  },
  {
    id: 'f-temp',
    name: 'Temperature',
    description: '',
    required: false,
    fieldType: 'free-text',
    inputType: 'number',
    length: 'short',
    units: ['celsius'],
  },
  {
    id: 'f-severity',
    name: 'Severity',
    description: '',
    required: false,
    fieldType: 'options',
    inputType: 'select',
    options: [
      { label: 'Mild', value: 'mild' },
      { label: 'Severe', value: 'severe' },
    ],
  },
  {
    id: 'f-dx',
    name: 'Diagnosis',
    description: '',
    required: false,
    fieldType: 'diagnosis',
    inputType: 'select',
    options: [],
  },
  {
    id: 'f-rx',
    name: 'Medicine',
    description: '',
    required: false,
    fieldType: 'medicine',
    inputType: 'input-group',
    fields: {},
  },
  {
    id: 'f-next',
    name: 'Next visit',
    description: '',
    required: false,
    fieldType: 'date',
    inputType: 'date',
  },
];

/** Fields as Hikma's registration form editor makes them. */
const registrationFields = [
  {
    id: 'r-given',
    position: 1,
    column: 'given_name',
    label: { en: 'First name', ar: 'الاسم' },
    fieldType: 'text',
    options: [],
    required: true,
    baseField: true,
    visible: true,
    deleted: false,
    showsInSummary: true,
    isSearchField: true,
  },
  {
    id: 'r-blood',
    position: 2,
    column: 'blood',
    label: { en: 'Blood type' },
    fieldType: 'select',
    options: ['A', 'B'],
  },
];

test('admin-created event and registration forms reach a device pull, JSON columns as strings', async () => {
  const before = await pull(server.app, { auth: provider.basic }, 0);

  const event = await call(server.app, 'POST', '/api/admin/event-forms', {
    auth,
    payload: {
      name: 'Vitals',
      description: 'Measured at triage',
      form_fields: eventFields,
      clinic_ids: [server.clinicId],
      translations: [{ fieldId: 'f-temp', name: { ar: 'الحرارة' } }],
    },
  });
  expect(event.statusCode, event.body).toBe(201);
  const eventRow = event.json<Record<string, unknown>>();
  expect(eventRow).toMatchObject({
    name: 'Vitals',
    description: 'Measured at triage',
    language: 'en',
    is_editable: false,
    is_snapshot_form: false,
    metadata: '{}',
    is_deleted: false,
    deleted_at: null,
    clinic_ids: JSON.stringify([server.clinicId]),
  });
  // Stored as the JSON text of what was sent, field order and extra properties included.
  expect(eventRow['form_fields']).toBe(JSON.stringify(eventFields));

  const registration = await call(server.app, 'POST', '/api/admin/registration-forms', {
    auth,
    payload: { name: 'Patient registration', fields: registrationFields, metadata: { version: 2 } },
  });
  expect(registration.statusCode, registration.body).toBe(201);
  const registrationRow = registration.json<Record<string, unknown>>();
  expect(registrationRow).toMatchObject({
    fields: JSON.stringify(registrationFields),
    metadata: '{"version":2}',
  });

  for (const since of [0, before.timestamp]) {
    const pulled = await pull(server.app, { auth: provider.basic }, since);
    expect(pulled.changes.event_forms!.created).toEqual([eventRow]);
    expect(pulled.changes.registration_forms!.created).toEqual([registrationRow]);
    const pulledEvent = pulled.changes.event_forms!.created[0]!;
    for (const column of ['form_fields', 'metadata', 'clinic_ids', 'translations']) {
      expect(typeof pulledEvent[column]).toBe('string');
    }
    expect(JSON.parse(pulledEvent['form_fields'] as string)).toEqual(eventFields);
  }
});

test('a bad form is a 400 that lists the problems', async () => {
  const response = await call(server.app, 'POST', '/api/admin/event-forms', {
    auth,
    payload: {
      name: '',
      is_editable: 'yes',
      form_fields: [
        { name: 'No id', fieldType: 'date' },
        { id: 'x' },
        'text',
        { id: 'd', name: 'D', inputType: 'date' },
        { id: 'd', column: 'c', fieldType: 'text' },
      ],
    },
  });
  expect(issuePaths(response).sort()).toEqual([
    'form_fields.0.id',
    'form_fields.1',
    'form_fields.1',
    'form_fields.2',
    'is_editable',
    'name',
  ]);
  // A filled form keys its answers by field id, so ids must be unique.
  const repeated = await call(server.app, 'POST', '/api/admin/event-forms', {
    auth,
    payload: { name: 'Twice', form_fields: [eventFields[0], eventFields[0]] },
  });
  expect(issuePaths(repeated)).toEqual(['form_fields.1.id']);
  expect(
    issuePaths(
      await call(server.app, 'POST', '/api/admin/event-forms', {
        auth,
        payload: { name: 'No fields' },
      }),
    ),
  ).toEqual(['form_fields']);
  expect(
    issuePaths(
      await call(server.app, 'POST', '/api/admin/registration-forms', {
        auth,
        payload: { name: 'R', fields: {}, colour: 1 },
      }),
    ).sort(),
  ).toEqual(['', 'fields']);
  const unknownClinic = await call(server.app, 'POST', '/api/admin/event-forms', {
    auth,
    payload: { name: 'Elsewhere', form_fields: [], clinic_ids: ['no-such-clinic'] },
  });
  expect(expectError(unknownClinic, 400, 'bad_request').details).toEqual({
    unknown_clinic_ids: ['no-such-clinic'],
  });
  const badJson = await server.app.inject({
    method: 'POST',
    url: '/api/admin/registration-forms',
    headers: { authorization: auth, 'content-type': 'application/json' },
    payload: '{"name": ',
  });
  expectError(badJson, 400, 'bad_request');
});
