import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FieldForm } from '../../../components/field-form.js';
import { useDevice } from '../../../lib/device-context.js';
import { useLanguage } from '../../../i18n/use-language.js';
import { readFields } from '../../../lib/form-fields.js';
import { recordVisit } from '../api/record-visit.js';
import { useEventForms } from '../hooks/use-event-forms.js';

/** A new visit for the patient, with one event form (chosen from the device's) filled in. */
export function NewVisitForm({
  patientId,
  onSaved,
  onCancel,
}: {
  readonly patientId: string;
  readonly onSaved: () => void;
  readonly onCancel: () => void;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const { store, session } = useDevice();
  const { data: forms, error } = useEventForms();
  const [chosenId, setChosenId] = useState<string | null>(null);
  // The chosen form, or the first one until someone chooses (or when the
  // chosen one is deleted by a sync).
  const form = forms?.find((f) => f.id === chosenId) ?? forms?.[0] ?? null;
  // Labels in the chosen language, English where the form has none in it.
  const fields = useMemo(
    () => (form ? readFields(form.form_fields, language) : []),
    [form, language],
  );

  if (error) return <p role="alert">{error}</p>;
  if (forms === undefined) return <p>{t('visits.loadingForms')}</p>;
  if (form === null) {
    return (
      <p role="status">
        {t('visits.noForms')}{' '}
        <button type="button" className="secondary" onClick={onCancel}>
          {t('common.back')}
        </button>
      </p>
    );
  }
  return (
    <>
      <div className="field">
        <label htmlFor="event-form">{t('visits.form')}</label>
        <select id="event-form" value={form.id} onChange={(e) => setChosenId(e.target.value)}>
          {forms.map((f) => (
            <option key={f.id} value={f.id}>
              {f.name}
            </option>
          ))}
        </select>
      </div>
      {form.description ? <p className="muted">{form.description}</p> : null}
      {/* Keyed by form: another form starts with empty answers and no errors. */}
      <FieldForm
        key={form.id}
        fields={fields}
        submitLabel={t('visits.save')}
        onSubmit={async (values) => {
          await recordVisit(store, session.user, patientId, form, fields, values);
          onSaved();
        }}
        onCancel={onCancel}
      />
    </>
  );
}
