import { compact, metaOf, reference, text } from './fhir-values.js';
import type { FhirSource } from './fhir-values.js';

/** Hikma's `sex` as FHIR's administrative gender. */
function genderOf(sex: unknown): string {
  const value = typeof sex === 'string' ? sex.trim().toLowerCase() : '';
  if (['male', 'm'].includes(value)) return 'male';
  if (['female', 'f'].includes(value)) return 'female';
  if (value === 'other') return 'other';
  return 'unknown';
}

const identifierSystem = 'urn:clinicsync:identifier:';

/** `patients` → Patient: names, gender, birth date, phone, home town, identifiers, clinic. */
export const patientSource: FhirSource = {
  table: 'patients',
  toResources(row) {
    const identifiers = (['government_id', 'external_patient_id'] as const).flatMap((column) => {
      const value = text(row[column]);
      return value === undefined ? [] : [{ system: `${identifierSystem}${column}`, value }];
    });
    const given = text(row['given_name']);
    const family = text(row['surname']);
    const phone = text(row['phone']);
    const hometown = text(row['hometown']);
    const birthDate = text(row['date_of_birth']);
    return [
      compact({
        resourceType: 'Patient',
        id: row.id,
        meta: metaOf(row),
        identifier: identifiers.length > 0 ? identifiers : undefined,
        active: true,
        name:
          given || family
            ? [compact({ use: 'official', family, given: given ? [given] : undefined })]
            : undefined,
        telecom: phone ? [{ system: 'phone', value: phone }] : undefined,
        gender: genderOf(row['sex']),
        birthDate: birthDate && /^\d{4}-\d{2}-\d{2}$/.test(birthDate) ? birthDate : undefined,
        address: hometown ? [{ city: hometown }] : undefined,
        managingOrganization: reference('Organization', row['primary_clinic_id']),
      }),
    ];
  },
};
