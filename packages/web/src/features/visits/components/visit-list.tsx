import { ConfirmButton } from '../../../components/confirm-button.js';
import { useDevice } from '../../../lib/device-context.js';
import { deleteVisit } from '../api/delete-visit.js';
import { useVisits } from '../hooks/use-visits.js';

interface Answer {
  readonly fieldId?: string;
  readonly name?: string;
  readonly value?: unknown;
}

function answerText(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) {
    return value
      .map((item: unknown) => {
        if (typeof item !== 'object' || item === null) return String(item);
        const entry = item as Record<string, unknown>;
        if ('code' in entry || 'desc' in entry)
          return `${String(entry['code'] ?? '')} ${String(entry['desc'] ?? '')}`.trim();
        if ('name' in entry) {
          const dose = entry['dose']
            ? ` ${String(entry['dose'])}${String(entry['doseUnits'] ?? '')}`
            : '';
          return `${String(entry['name'])}${dose}`;
        }
        return JSON.stringify(item);
      })
      .join('; ');
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function answers(formData: string | null): Answer[] {
  try {
    const parsed: unknown = JSON.parse(formData ?? '[]');
    if (Array.isArray(parsed)) return parsed as Answer[];
    if (typeof parsed === 'object' && parsed !== null) {
      return Object.entries(parsed).map(([name, value]) => ({ name, value }));
    }
  } catch {
    // Shown as no answers: a malformed form_data is not the clinician's to fix here.
  }
  return [];
}

/** The patient's visits with each event's answers; a visit can be deleted after confirming. */
export function VisitList({ patientId }: { readonly patientId: string }) {
  const { store } = useDevice();
  const { data: visits, error } = useVisits(patientId);
  if (error) return <p role="alert">{error}</p>;
  if (visits === undefined) return <p>Loading visits…</p>;
  if (visits.length === 0) return <p className="muted">No visits yet.</p>;
  return (
    <ol className="visits">
      {visits.map(({ visit, events }) => {
        const when = visit.check_in_timestamp
          ? new Date(visit.check_in_timestamp).toLocaleString()
          : 'Unknown date';
        return (
          <li key={visit.id} className="visit">
            <div className="heading-row">
              <h4>
                {when}
                {visit.provider_name ? ` — ${visit.provider_name}` : ''}
              </h4>
              <ConfirmButton
                label={`Delete visit of ${when}`}
                question={`Delete the visit of ${when} and its records?`}
                confirmLabel="Delete visit"
                onConfirm={() => deleteVisit(store, visit.id)}
              />
            </div>
            {events.map((event) => (
              <section key={event.id} className="event" aria-label={event.event_type ?? 'Event'}>
                <h5>{event.event_type || 'Event'}</h5>
                <dl className="facts">
                  {answers(event.form_data).map((answer, i) => (
                    <div key={answer.fieldId ?? i}>
                      <dt>{answer.name ?? answer.fieldId}</dt>
                      <dd>{answerText(answer.value)}</dd>
                    </div>
                  ))}
                </dl>
              </section>
            ))}
          </li>
        );
      })}
    </ol>
  );
}
