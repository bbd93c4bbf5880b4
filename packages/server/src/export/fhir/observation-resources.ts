import type { AnyWireRow } from '@clinicsync/schema';
import { compact, instant, metaOf, numberOf, reference } from './fhir-values.js';
import type { FhirResource, FhirSource } from './fhir-values.js';

/** A measured vital: its column, the LOINC code it is recorded under, and its UCUM unit. */
interface Vital {
  readonly column: string;
  /** The resource id's suffix after the record id. */
  readonly slug: string;
  readonly loinc: string;
  readonly display: string;
  readonly unit: string;
  readonly ucum: string;
}

const mmHg = { unit: 'mmHg', ucum: 'mm[Hg]' };

const vitals: readonly Vital[] = [
  {
    column: 'heart_rate',
    slug: 'heart-rate',
    loinc: '8867-4',
    display: 'Heart rate',
    unit: 'beats/minute',
    ucum: '/min',
  },
  {
    column: 'pulse_rate',
    slug: 'pulse-rate',
    loinc: '8893-0',
    display: 'Heart rate Peripheral artery by Palpation',
    unit: 'beats/minute',
    ucum: '/min',
  },
  {
    column: 'respiratory_rate',
    slug: 'respiratory-rate',
    loinc: '9279-1',
    display: 'Respiratory rate',
    unit: 'breaths/minute',
    ucum: '/min',
  },
  {
    column: 'oxygen_saturation',
    slug: 'oxygen-saturation',
    loinc: '2708-6',
    display: 'Oxygen saturation in Arterial blood',
    unit: '%',
    ucum: '%',
  },
  {
    column: 'temperature_celsius',
    slug: 'body-temperature',
    loinc: '8310-5',
    display: 'Body temperature',
    unit: 'C',
    ucum: 'Cel',
  },
  {
    column: 'weight_kg',
    slug: 'body-weight',
    loinc: '29463-7',
    display: 'Body weight',
    unit: 'kg',
    ucum: 'kg',
  },
  {
    column: 'height_cm',
    slug: 'body-height',
    loinc: '8302-2',
    display: 'Body height',
    unit: 'cm',
    ucum: 'cm',
  },
  {
    column: 'bmi',
    slug: 'bmi',
    loinc: '39156-5',
    display: 'Body mass index (BMI) [Ratio]',
    unit: 'kg/m2',
    ucum: 'kg/m2',
  },
  {
    column: 'waist_circumference_cm',
    slug: 'waist-circumference',
    loinc: '8280-0',
    display: 'Waist Circumference at umbilicus by Tape measure',
    unit: 'cm',
    ucum: 'cm',
  },
  {
    column: 'pain_level',
    slug: 'pain-severity',
    loinc: '72514-3',
    display: 'Pain severity - 0-10 verbal numeric rating [Score] - Reported',
    unit: '{score}',
    ucum: '{score}',
  },
];

const loinc = (code: string, display: string) => ({
  coding: [{ system: 'http://loinc.org', code, display }],
  text: display,
});

const quantity = (value: number, unit: { unit: string; ucum: string }) => ({
  value,
  unit: unit.unit,
  system: 'http://unitsofmeasure.org',
  code: unit.ucum,
});

/** What every Observation of one vitals record shares: status, category, patient, visit, time. */
function common(row: AnyWireRow) {
  return {
    meta: metaOf(row),
    status: 'final',
    category: [
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/observation-category',
            code: 'vital-signs',
            display: 'Vital Signs',
          },
        ],
      },
    ],
    subject: reference('Patient', row['patient_id']),
    encounter: reference('Encounter', row['visit_id']),
    effectiveDateTime: instant(row['timestamp']) ?? instant(row['created_at']),
  };
}

/**
 * `patient_vitals` → one Observation per measured vital (FHIR's vital-signs
 * profile codes), the blood pressure as one panel (85354-9) with systolic
 * and diastolic components. Ids are the record id and the vital, so the
 * same record always gives the same resources.
 */
export const observationSource: FhirSource = {
  table: 'patient_vitals',
  toResources(row) {
    const resources: FhirResource[] = [];
    const systolic = numberOf(row['systolic_bp']);
    const diastolic = numberOf(row['diastolic_bp']);
    if (systolic !== undefined || diastolic !== undefined) {
      const component = (code: string, display: string, value: number | undefined) =>
        value === undefined
          ? []
          : [{ code: loinc(code, display), valueQuantity: quantity(value, mmHg) }];
      resources.push(
        compact({
          resourceType: 'Observation',
          id: `${row.id}-blood-pressure`,
          ...common(row),
          code: loinc('85354-9', 'Blood pressure panel with all children optional'),
          component: [
            ...component('8480-6', 'Systolic blood pressure', systolic),
            ...component('8462-4', 'Diastolic blood pressure', diastolic),
          ],
        }),
      );
    }
    for (const vital of vitals) {
      const value = numberOf(row[vital.column]);
      if (value === undefined) continue;
      resources.push(
        compact({
          resourceType: 'Observation',
          id: `${row.id}-${vital.slug}`,
          ...common(row),
          code: loinc(vital.loinc, vital.display),
          valueQuantity: quantity(value, vital),
        }),
      );
    }
    return resources;
  },
};
