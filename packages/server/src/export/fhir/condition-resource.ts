import { compact, instant, metaOf, numberOf, reference, text } from './fhir-values.js';
import type { FhirSource } from './fhir-values.js';

/** Hikma's `problem_code_system` as the system URI FHIR names it; others travel as text only. */
const codeSystems: Readonly<Record<string, string>> = {
  icd10: 'http://hl7.org/fhir/sid/icd-10',
  'icd-10': 'http://hl7.org/fhir/sid/icd-10',
  icd10cm: 'http://hl7.org/fhir/sid/icd-10-cm',
  'icd-10-cm': 'http://hl7.org/fhir/sid/icd-10-cm',
  icd11: 'http://id.who.int/icd/release/11/mms',
  snomed: 'http://snomed.info/sct',
  'snomed-ct': 'http://snomed.info/sct',
  snomedct: 'http://snomed.info/sct',
};

const clinicalStatuses = new Set([
  'active',
  'recurrence',
  'relapse',
  'inactive',
  'remission',
  'resolved',
]);
const verificationStatuses = new Set([
  'unconfirmed',
  'provisional',
  'differential',
  'confirmed',
  'refuted',
  'entered-in-error',
]);

/** A status from FHIR's own code system, when the row's value is one of its codes. */
function statusOf(value: unknown, codes: ReadonlySet<string>, system: string) {
  const code = typeof value === 'string' ? value.trim().toLowerCase() : '';
  return codes.has(code) ? { coding: [{ system, code }] } : undefined;
}

/** `patient_problems` → Condition: the diagnosis, its statuses, onset and end. */
export const conditionSource: FhirSource = {
  table: 'patient_problems',
  toResources(row) {
    const system = codeSystems[String(row['problem_code_system']).trim().toLowerCase()];
    const code = text(row['problem_code']);
    const label = text(row['problem_label']);
    const severity = numberOf(row['severity_score']);
    return [
      compact({
        resourceType: 'Condition',
        id: row.id,
        meta: metaOf(row),
        clinicalStatus: statusOf(
          row['clinical_status'],
          clinicalStatuses,
          'http://terminology.hl7.org/CodeSystem/condition-clinical',
        ),
        verificationStatus: statusOf(
          row['verification_status'],
          verificationStatuses,
          'http://terminology.hl7.org/CodeSystem/condition-ver-status',
        ),
        category: [
          {
            coding: [
              {
                system: 'http://terminology.hl7.org/CodeSystem/condition-category',
                code: 'problem-list-item',
              },
            ],
          },
        ],
        severity: severity === undefined ? undefined : { text: `${severity}/10` },
        code: compact({
          coding: code ? [compact({ system, code, display: label })] : undefined,
          text: label ?? code,
        }),
        subject: reference('Patient', row['patient_id']),
        encounter: reference('Encounter', row['visit_id']),
        onsetDateTime: instant(row['onset_date']),
        abatementDateTime: instant(row['end_date']),
        recordedDate: instant(row['created_at']),
      }),
    ];
  },
};
