import { z } from 'zod';
import { wholeNumberParam } from './query-number.js';
import { recordId } from './record-id.js';

/**
 * `GET /api/patients/lookup?q&limit`: `q` a name, phone or id (1–200
 * characters once trimmed), `limit` 1–100 (default 20). Other parameters
 * are ignored.
 */
export const patientLookupQuery = z.object({
  q: z.string().trim().min(1).max(200).meta({ description: 'a name, a phone number or an id' }),
  limit: wholeNumberParam(1, 100).default(20),
});
export type PatientLookupQuery = z.output<typeof patientLookupQuery>;

/** A patient as the lookup shows one: enough to recognise them, nothing of their chart. */
export const lookedUpPatient = z
  .object({
    id: z.string(),
    given_name: z.string(),
    surname: z.string(),
    date_of_birth: z.string().nullable().meta({ description: 'YYYY-MM-DD' }),
    sex: z.string(),
    primary_clinic_id: z.string().nullable(),
    in_scope: z
      .boolean()
      .meta({ description: "already on the user's devices (their clinic, or followed)" }),
  })
  .meta({ id: 'LookedUpPatient' });
export type LookedUpPatient = z.output<typeof lookedUpPatient>;

export const patientLookupAnswer = z
  .object({ patients: z.array(lookedUpPatient) })
  .meta({ id: 'PatientLookup' });
export type PatientLookupAnswer = z.output<typeof patientLookupAnswer>;

/** `/api/patients/:id/follow`. */
export const patientIdParams = z.strictObject({ id: recordId });

/** `POST` and `DELETE /api/patients/:id/follow`: whether the user now follows the patient. */
export const followAnswer = z
  .object({ id: z.string(), following: z.boolean() })
  .meta({ id: 'FollowState' });
export type FollowAnswer = z.output<typeof followAnswer>;
