import { z } from 'zod';

/** Roles, from the organisation down (PROTOCOL.md, "Administration"). */
export const roles = ['super_admin', 'admin', 'provider', 'registrar'] as const;
export const role = z.enum(roles);
export type Role = z.output<typeof role>;

/** The `user_clinic_permissions` flags, each applying to records of that row's clinic. */
export const permissionFlags = [
  'can_register_patients',
  'can_view_history',
  'can_edit_records',
  'can_delete_records',
  'is_clinic_admin',
  'can_edit_other_provider_event',
  'can_download_patient_reports',
  'can_prescribe_medications',
  'can_dispense_medications',
  'can_delete_patient_visits',
  'can_delete_patient_records',
] as const;
export type PermissionFlag = (typeof permissionFlags)[number];

/** Flags to set; a flag left out is false on a new row and unchanged on an existing one. */
export const permissions = z
  .partialRecord(z.enum(permissionFlags), z.boolean())
  .meta({ id: 'Permissions' });
export type Permissions = z.output<typeof permissions>;

/** A user as every answer shows one: never a password or its hash. */
export const userAnswer = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role,
    clinic_id: z.string().meta({ description: "The home clinic; '' for a super_admin of none." }),
  })
  .meta({ id: 'User' });
export type UserAnswer = z.output<typeof userAnswer>;

/** Fewest characters of a new password (NIST SP 800-63B rev. 4: a password that is the only factor). */
export const minPasswordLength = 15;

/**
 * Why `password` is refused for its length, or undefined. Characters are
 * Unicode code points, as NIST SP 800-63B counts them. The server also
 * refuses common passwords (its password policy); this is the part a form
 * can check as the user types. Never echoes the password.
 */
export function passwordProblem(password: string): string | undefined {
  const length = [...password].length;
  if (length < minPasswordLength) return `must be at least ${minPasswordLength} characters`;
  if (length > 256) return 'must be at most 256 characters';
  return undefined;
}

/** A new password, held to `passwordProblem`. */
export const newPassword = z.string().superRefine((value, ctx) => {
  const problem = passwordProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: `The password ${problem}.` });
});
