import type { LocalStore } from '@clinicsync/client';
import { useLiveQuery } from '../../../hooks/use-live-query.js';
import type { LiveQueryState } from '../../../hooks/use-live-query.js';
import type { FormField } from '../../../lib/form-fields.js';
import { getRegistrationForm } from '../api/get-registration-form.js';

const formTables = ['registration_forms'] as const;
const read = (store: LocalStore) => getRegistrationForm(store);

/**
 * The registration form's fields (the core fields until the server sends a
 * form), kept current.
 *
 * @example
 * const { data: fields } = useRegistrationForm();
 */
export function useRegistrationForm(): LiveQueryState<readonly FormField[]> {
  return useLiveQuery(formTables, read);
}
