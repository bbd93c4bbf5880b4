import { idPattern, validatePush } from '@clinicsync/schema';
import { describe, expect, test } from 'vitest';
import { complaints, diagnoses, medicines, noteSentence } from '../../src/seed/clinical-catalog.js';
import { maxFormDataBytes, minFormDataBytes } from '../../src/seed/form-data-writer.js';
import { generatePatient } from '../../src/seed/generate-patient.js';
import { emptyBatch, patientTables } from '../../src/seed/seed-context.js';
import type { GenerationContext, RowBatch, SeedClinic } from '../../src/seed/seed-context.js';
import { buildNamePools } from '../../src/seed/name-pools.js';
import { SeededRandom } from '../../src/seed/seeded-random.js';

const clinic: SeedClinic = {
  index: 0,
  id: 'clinic-1',
  code: 'C1',
  providers: [
    { id: 'provider-1', name: 'Dr. Amal Haddad' },
    { id: 'provider-2', name: 'Nurse Lucía Pérez' },
  ],
  registrars: [{ id: 'registrar-1', name: 'Omar Khalil' }],
  departments: [{ id: 'dep-1', name: 'General Medicine' }],
};

async function context(seed: number): Promise<GenerationContext> {
  return {
    seed,
    idPrefix: `s${seed}`,
    referenceTime: Date.UTC(2026, 0, 1),
    pools: await buildNamePools(seed),
  };
}

function generate(ctx: GenerationContext, from: number, to: number): RowBatch {
  const batch = emptyBatch();
  for (let n = from; n <= to; n++) generatePatient(ctx, clinic, n, batch);
  return batch;
}

const ctx7 = await context(7);
const many = generate(ctx7, 1, 2000);

describe('SeededRandom', () => {
  test('the same keys give the same sequence, other keys another', () => {
    const draw = (...keys: number[]) => {
      const random = new SeededRandom(...keys);
      return Array.from({ length: 5 }, () => random.nextUint32());
    };
    expect(draw(1, 2, 3)).toEqual(draw(1, 2, 3));
    expect(draw(1, 2, 3)).not.toEqual(draw(1, 2, 4));
    expect(draw(1)).not.toEqual(draw(1 + 2 ** 32));
  });

  test('int stays within its bounds and reaches both', () => {
    const random = new SeededRandom(9);
    const seen = new Set(Array.from({ length: 1000 }, () => random.int(1, 5)));
    expect([...seen].sort()).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('generatePatient', () => {
  test('a patient depends only on (seed, clinic, number), not on what came before', () => {
    const alone = generate(ctx7, 1234, 1234);
    const id = alone.patients[0]!.id;
    for (const table of patientTables) {
      const inSequence = many[table].filter((r) => r.id === id || r['patient_id'] === id);
      expect(JSON.stringify(alone[table])).toBe(JSON.stringify(inSequence));
    }
  });

  test('another seed gives other people and records', async () => {
    const other = generate(await context(8), 1, 50);
    const names = (b: RowBatch) =>
      b.patients.map((p) => `${p['given_name']} ${p['surname']} ${p['date_of_birth']}`);
    expect(names(other)).not.toEqual(names(generate(ctx7, 1, 50)));
  });

  test('about ten records per patient: 1-5 visits, 1-3 events per visit', () => {
    const rows = patientTables.reduce((n, t) => n + many[t].length, 0);
    expect(rows / 2000).toBeGreaterThan(8);
    expect(rows / 2000).toBeLessThan(13);
    const visitsPerPatient = new Map<unknown, number>();
    for (const v of many.visits)
      visitsPerPatient.set(v['patient_id'], (visitsPerPatient.get(v['patient_id']) ?? 0) + 1);
    expect(visitsPerPatient.size).toBe(2000);
    expect(Math.min(...visitsPerPatient.values())).toBe(1);
    expect(Math.max(...visitsPerPatient.values())).toBe(5);
    const eventsPerVisit = new Map<unknown, number>();
    for (const e of many.events)
      eventsPerVisit.set(e['visit_id'], (eventsPerVisit.get(e['visit_id']) ?? 0) + 1);
    expect(eventsPerVisit.size).toBe(many.visits.length);
    expect(Math.max(...eventsPerVisit.values())).toBe(3);
    for (const table of patientTables) expect(many[table].length, table).toBeGreaterThan(100);
  });

  test('form_data is a JSON list of answers of 0.5 to 2 KB', () => {
    for (const event of many.events) {
      const text = event['form_data'] as string;
      const bytes = Buffer.byteLength(text);
      expect(bytes).toBeGreaterThanOrEqual(minFormDataBytes);
      expect(bytes).toBeLessThanOrEqual(maxFormDataBytes);
      const answers = JSON.parse(text) as {
        fieldId: string;
        fieldType: string;
        inputType: string;
        name: string;
      }[];
      for (const answer of answers) {
        expect(Object.keys(answer)).toEqual(['fieldId', 'fieldType', 'inputType', 'name', 'value']);
      }
    }
    const consultation = many.events.find((e) => e['event_type'] === 'Medical Consultation')!;
    const answers = JSON.parse(consultation['form_data'] as string) as {
      fieldType: string;
      value: unknown;
    }[];
    const diagnosis = answers.find((a) => a.fieldType === 'diagnosis')!.value as {
      code: string;
      desc: string;
    }[];
    expect(diagnosis.length).toBeGreaterThan(0);
    for (const d of diagnosis) expect(d.code).toMatch(/^[A-Z]\d{2}(\.\d{1,3})?$/);
  });

  test('every row is a valid push, with ids devices accept', () => {
    const body = Object.fromEntries(
      patientTables.map((t) => [t, { created: many[t], updated: [], deleted: [] }]),
    );
    const result = validatePush(body);
    expect(result.ok ? [] : result.problems).toEqual([]);
    for (const table of patientTables)
      for (const row of many[table]) expect(row.id).toMatch(idPattern);
  });

  test('children point at rows of the same data set', () => {
    const patients = new Set(many.patients.map((p) => p.id));
    const visits = new Set(many.visits.map((v) => v.id));
    for (const table of patientTables.filter((t) => t !== 'patients')) {
      for (const row of many[table]) expect(patients.has(row['patient_id'] as string)).toBe(true);
    }
    for (const event of many.events) expect(visits.has(event['visit_id'] as string)).toBe(true);
  });

  test('the catalogue text needs no JSON escaping, so sizes are exact', () => {
    const random = new SeededRandom(1);
    const sentences = Array.from({ length: 500 }, (_, i) =>
      noteSentence(random, (['history', 'exam', 'plan'] as const)[i % 3]!),
    );
    for (const text of [
      ...sentences,
      ...complaints,
      ...diagnoses.map((d) => d.desc),
      ...medicines.map((m) => m.name),
    ]) {
      expect(text).toMatch(/^[\x20-\x7e]+$/);
      expect(text).not.toMatch(/["\\]/);
    }
  });
});
