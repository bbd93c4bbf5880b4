import { z } from 'zod';

/** `POST /api/admin/clinics`. */
export const newClinicBody = z
  .strictObject({ name: z.string().trim().min(1).max(200) })
  .meta({ id: 'NewClinic' });
