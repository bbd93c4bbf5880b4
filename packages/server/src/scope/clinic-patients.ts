/**
 * SQL: patient `patientKey` belongs now to one of the clinics in the
 * `text[]` parameter `clinicsParam`, by the scope rule every reader shares
 * (PROTOCOL.md, "Scope"; `patientsInScope`): an open `patient_clinics`
 * span, which the write path keeps for the primary clinic and the clinics
 * of live visits, appointments, prescriptions and dispensing records.
 * Follows are a user's own reach, not a clinic's, and are left out.
 *
 * @example
 * `SELECT id FROM patients p WHERE ${belongsToClinicsSql('p.id', '$1')}`
 */
export function belongsToClinicsSql(patientKey: string, clinicsParam: string): string {
  return `EXISTS (SELECT 1 FROM patient_clinics s
                   WHERE s.patient_id = ${patientKey} AND s.clinic_id = ANY(${clinicsParam}::text[])
                     AND s.ended IS NULL)`;
}
