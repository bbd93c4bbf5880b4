import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmButton } from '../../../components/confirm-button.js';
import { formatDateTime } from '../../../i18n/format.js';
import { useLanguage } from '../../../i18n/use-language.js';
import type { Language } from '../../../i18n/languages.js';
import { useDevice } from '../../../lib/device-context.js';
import { readFields } from '../../../lib/form-fields.js';
import { deleteVisit } from '../api/delete-visit.js';
import type { EventForm } from '../api/get-event-forms.js';
import { useEventForms } from '../hooks/use-event-forms.js';
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

/**
 * Each field's label in `language`, by form and field id: an answer is shown
 * under its form's label in the chosen language, not the English name its
 * `form_data` keeps (when the form is still on the device).
 */
function fieldLabels(forms: readonly EventForm[], language: Language): Map<string, string> {
  const labels = new Map<string, string>();
  for (const form of forms) {
    for (const field of readFields(form.form_fields, language)) {
      labels.set(`${form.id}/${field.id}`, field.label);
    }
  }
  return labels;
}

/** The patient's visits with each event's answers; a visit can be deleted after confirming. */
export function VisitList({ patientId }: { readonly patientId: string }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const { store } = useDevice();
  const { data: visits, error } = useVisits(patientId);
  const { data: forms } = useEventForms();
  const labels = useMemo(() => fieldLabels(forms ?? [], language), [forms, language]);
  if (error) return <p role="alert">{error}</p>;
  if (visits === undefined) return <p>{t('visits.loading')}</p>;
  if (visits.length === 0) return <p className="muted">{t('visits.none')}</p>;
  return (
    <ol className="visits">
      {visits.map(({ visit, events }) => {
        const when = visit.check_in_timestamp
          ? formatDateTime(visit.check_in_timestamp, language)
          : t('visits.unknownDate');
        return (
          <li key={visit.id} className="visit">
            <div className="heading-row">
              <h4>
                {when}
                {visit.provider_name ? ` — ${visit.provider_name}` : ''}
              </h4>
              <ConfirmButton
                label={t('visits.deleteLabel', { when })}
                question={t('visits.deleteQuestion', { when })}
                confirmLabel={t('visits.delete')}
                onConfirm={() => deleteVisit(store, visit.id)}
              />
            </div>
            {events.map((event) => (
              <section
                key={event.id}
                className="event"
                aria-label={event.event_type ?? t('visits.event')}
              >
                <h5>{event.event_type || t('visits.event')}</h5>
                <dl className="facts">
                  {answers(event.form_data).map((answer, i) => (
                    <div key={answer.fieldId ?? i}>
                      <dt>
                        {labels.get(`${event.form_id ?? ''}/${answer.fieldId ?? ''}`) ??
                          answer.name ??
                          answer.fieldId}
                      </dt>
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
