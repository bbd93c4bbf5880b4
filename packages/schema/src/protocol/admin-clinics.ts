import { z } from 'zod';

const clinicName = z.string().trim().min(1).max(200);

/** `POST /api/admin/clinics`. */
export const newClinicBody = z.strictObject({ name: clinicName }).meta({ id: 'NewClinic' });

/** `PATCH /api/admin/clinics/:id`: a new name, which devices pull. */
export const clinicChangesBody = z.strictObject({ name: clinicName }).meta({ id: 'ClinicChanges' });
export type ClinicChangesBody = z.output<typeof clinicChangesBody>;

export const clinicIdParams = z.strictObject({ id: z.string().min(1).max(64) });

/** One clinic as the console lists it, with its counts now. */
export const clinicSummary = z
  .object({
    id: z.string(),
    name: z.string(),
    users: z
      .number()
      .int()
      .meta({ description: 'users who belong to the clinic now (open memberships)' }),
    patients: z.number().int().meta({
      description:
        'patients in the clinic now, by the rule pull scope uses (primary clinic, visits, appointments, prescriptions, dispensing)',
    }),
    created_at: z.number().int().meta({ description: 'epoch milliseconds' }),
  })
  .meta({ id: 'ClinicSummary' });
export type ClinicSummary = z.output<typeof clinicSummary>;

/** `GET /api/admin/clinics`: the clinics the caller administers, by name. */
export const clinicsList = z
  .object({ clinics: z.array(clinicSummary) })
  .meta({ id: 'ClinicsList' });
