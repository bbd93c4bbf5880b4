import { z } from 'zod';
import { wholeNumberParam } from './query-number.js';
import { newPassword, permissionFlags, permissions, role, userAnswer } from './user.js';
import type { PermissionFlag } from './user.js';

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

const userId = z.string().min(1).max(64);

export const userIdParams = z.strictObject({ id: userId });

/** A user as administrators see one: with `disabled`, never a secret. */
export const adminUserAnswer = userAnswer
  .extend({ disabled: z.boolean() })
  .meta({ id: 'AdminUser' });
export type AdminUserAnswer = z.output<typeof adminUserAnswer>;

/** Every flag of a user's permission row in one clinic. */
export const clinicFlags = z
  .object(
    Object.fromEntries(permissionFlags.map((flag) => [flag, z.boolean()])) as Record<
      PermissionFlag,
      z.ZodBoolean
    >,
  )
  .meta({ id: 'ClinicFlags' });
export type ClinicFlags = z.output<typeof clinicFlags>;

/** One clinic a user belongs to; the home clinic is listed even without a permission row (all flags false). */
export const userClinic = z
  .object({ clinic_id: z.string(), permissions: clinicFlags })
  .meta({ id: 'UserClinic' });
export type UserClinic = z.output<typeof userClinic>;

/**
 * `GET /api/admin/users/:id`, and the answer of the membership calls: the
 * user with every clinic they belong to, home clinic first.
 */
export const adminUserDetail = adminUserAnswer
  .extend({ clinics: z.array(userClinic) })
  .meta({ id: 'AdminUserDetail' });
export type AdminUserDetail = z.output<typeof adminUserDetail>;

/** `/api/admin/users/:id/clinics/:clinic_id`. */
export const membershipParams = z.strictObject({
  id: userId,
  clinic_id: z.string().min(1).max(64),
});

/**
 * `PUT /api/admin/users/:id/clinics/:clinic_id`: the user's whole permission
 * row in that clinic; flags left out are false.
 */
export const membershipBody = z.strictObject({ permissions }).meta({ id: 'Membership' });
export type MembershipBody = z.output<typeof membershipBody>;

/**
 * `?limit&after` of `GET /api/admin/users`: `limit` 1–500 (default 50),
 * `after` the `next` of the previous page (absent: the first page).
 */
export const userListQuery = z.object({
  limit: wholeNumberParam(1, 500).default(50),
  after: z.string().min(1).max(320).optional(),
});
export type UserListQuery = z.output<typeof userListQuery>;

/** `GET /api/admin/users`: by email; `next` is the following page's `after`, null on the last. */
export const usersPage = z
  .object({ users: z.array(adminUserDetail), next: z.string().nullable() })
  .meta({ id: 'UsersPage' });
