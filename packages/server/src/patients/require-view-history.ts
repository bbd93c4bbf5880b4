import { AppError } from '../errors.js';
import type { UserScope } from '../scope/user-scope.js';

/**
 * Looking patients up and following them need `can_view_history` in one of
 * the user's clinics (PROTOCOL.md, "Patient lookup"); a super_admin has it
 * everywhere.
 *
 * Errors: 403 `forbidden` without it.
 */
export function requireViewHistory(scope: UserScope): void {
  if (scope.whole) return;
  for (const clinicId of scope.clinics) {
    if (scope.flagsIn(clinicId).can_view_history) return;
  }
  throw new AppError(
    'forbidden',
    'Looking up and following patients needs can_view_history in one of your clinics.',
  );
}
