import { z } from 'zod';
import { passwordProblem } from '../auth/passwords.js';
import type { Role } from '../auth/users.js';
import { permissionFlags } from './create-user.js';

const roleNames = [
  'super_admin',
  'admin',
  'provider',
  'registrar',
] as const satisfies readonly Role[];

/** The password policy of `passwordProblem`, as a schema; its message never echoes the password. */
const password = z.string().superRefine((value, ctx) => {
  const problem = passwordProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: `The password ${problem}.` });
});

/** `user_clinic_permissions` flags; an unknown flag is an error, not silently dropped. */
const permissions = z.partialRecord(z.enum(permissionFlags), z.boolean());

const name = z.string().trim().min(1).max(200);
const role = z.enum(roleNames);
/** A clinic id, or '' for a super administrator who belongs to no clinic. */
const clinicId = z.string().max(64);

/** `POST /api/admin/users` body. */
export const newUserBody = z
  .strictObject({
    email: z.email().max(320),
    password,
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
  });

/** `PATCH /api/admin/users/:id` body: every field optional; unknown fields are errors. */
export const userChangesBody = z.strictObject({
  name: name.optional(),
  role: role.optional(),
  password: password.optional(),
  clinic_id: clinicId.optional(),
  permissions: permissions.optional(),
  disabled: z.boolean().optional(),
});

export const userIdParams = z.strictObject({ id: z.string().min(1).max(64) });
