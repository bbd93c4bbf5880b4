import type { LocalStore } from '@clinicsync/client';
import { useCallback } from 'react';
import { useLiveQuery } from '../../../hooks/use-live-query.js';
import type { LiveQueryState } from '../../../hooks/use-live-query.js';
import { useLanguage } from '../../../i18n/use-language.js';
import type { FormField } from '../../../lib/form-fields.js';
import { getRegistrationForm } from '../api/get-registration-form.js';

const formTables = ['registration_forms'] as const;

/**
 * The registration form's fields (the core fields until the server sends a
 * form), kept current, labelled in the chosen language.
 *
 * @example
 * const { data: fields } = useRegistrationForm();
 */
export function useRegistrationForm(): LiveQueryState<readonly FormField[]> {
  const language = useLanguage();
  const read = useCallback((store: LocalStore) => getRegistrationForm(store, language), [language]);
  return useLiveQuery(formTables, read);
}
