import type { LocalStore, RecordOf } from '@clinicsync/client';

export type EventForm = RecordOf<'event_forms'>;

/** The event forms available on this device, by name. */
export function getEventForms(store: LocalStore): Promise<EventForm[]> {
  return store.query('event_forms', {
    orderBy: [{ column: 'name', direction: 'asc' }],
    limit: 200,
  });
}
