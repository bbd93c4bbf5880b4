import { compact, instant, metaOf, reference, text } from './fhir-values.js';
import type { FhirSource } from './fhir-values.js';

/** `visits` → Encounter: an ambulatory visit of the patient at a clinic, finished. */
export const encounterSource: FhirSource = {
  table: 'visits',
  toResources(row) {
    const start = instant(row['check_in_timestamp']) ?? instant(row['created_at']);
    const provider = text(row['provider_name']);
    return [
      compact({
        resourceType: 'Encounter',
        id: row.id,
        meta: metaOf(row),
        status: 'finished',
        class: {
          system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
          code: 'AMB',
          display: 'ambulatory',
        },
        subject: reference('Patient', row['patient_id']),
        participant: provider ? [{ individual: { display: provider } }] : undefined,
        period: start ? { start } : undefined,
        serviceProvider: reference('Organization', row['clinic_id']),
      }),
    ];
  },
};
