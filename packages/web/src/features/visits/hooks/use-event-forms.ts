import type { LocalStore } from '@clinicsync/client';
import { useLiveQuery } from '../../../hooks/use-live-query.js';
import type { LiveQueryState } from '../../../hooks/use-live-query.js';
import { getEventForms } from '../api/get-event-forms.js';
import type { EventForm } from '../api/get-event-forms.js';

const formTables = ['event_forms'] as const;
const read = (store: LocalStore) => getEventForms(store);

/**
 * The event forms on this device, by name, kept current.
 *
 * @example
 * const { data: forms } = useEventForms();
 */
export function useEventForms(): LiveQueryState<EventForm[]> {
  return useLiveQuery(formTables, read);
}
