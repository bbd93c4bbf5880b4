import { z } from 'zod';
import { newPassword, permissions, role, userAnswer } from './user.js';

const name = z.string().trim().min(1).max(200);
/** A clinic id, or '' for a super administrator who belongs to no clinic. */
const clinicId = z.string().max(64);

/** `POST /api/admin/users`: unknown fields and unknown permission flags are errors. */
export const newUserBody = z
  .strictObject({
    email: z.email().max(320),
    password: newPassword,
    name,
    role,
    clinic_id: clinicId,
    permissions: permissions.optional(),
  })
  .superRefine((body, ctx) => {
    if (body.clinic_id === '' && body.role !== 'super_admin') {
      ctx.addIssue({
        code: 'custom',
        path: ['clinic_id'],
        message: 'Only a super_admin may belong to no clinic.',
      });
    }
    if (body.clinic_id === '' && body.permissions) {
      ctx.addIssue({
        code: 'custom',
        path: ['permissions'],
        message: 'Permissions need a clinic_id.',
      });
    }
  })
  .meta({ id: 'NewUser' });
export type NewUserBody = z.output<typeof newUserBody>;

/** `PATCH /api/admin/users/:id`: every field optional (no body changes nothing). */
export const userChangesBody = z
  .strictObject({
    name: name.optional(),
    role: role.optional(),
    password: newPassword.optional(),
    clinic_id: clinicId.optional(),
    permissions: permissions.optional(),
    disabled: z.boolean().optional(),
  })
  .nullable()
  .transform((body) => body ?? {})
  .meta({ id: 'UserChanges' });
export type UserChangesBody = z.output<typeof userChangesBody>;

export const userIdParams = z.strictObject({ id: z.string().min(1).max(64) });

/** A user as administrators see one: with `disabled`, never a secret. */
export const adminUserAnswer = userAnswer
  .extend({ disabled: z.boolean() })
  .meta({ id: 'AdminUser' });
export type AdminUserAnswer = z.output<typeof adminUserAnswer>;
