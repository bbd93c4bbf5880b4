import type { LocalStore, RecordOf } from '@clinicsync/client';

export interface VisitWithEvents {
  readonly visit: RecordOf<'visits'>;
  readonly events: RecordOf<'events'>[];
}

/** The patient's visits, newest first, each with its events. */
export async function getVisits(store: LocalStore, patientId: string): Promise<VisitWithEvents[]> {
  const [visits, events] = await Promise.all([
    store.query('visits', {
      where: { patient_id: patientId },
      orderBy: [{ column: 'check_in_timestamp', direction: 'desc' }],
      limit: 100,
    }),
    store.query('events', { where: { patient_id: patientId }, limit: 1000 }),
  ]);
  return visits.map((visit) => ({
    visit,
    events: events.filter((e) => e.visit_id === visit.id),
  }));
}
