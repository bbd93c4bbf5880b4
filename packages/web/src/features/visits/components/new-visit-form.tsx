import { useMemo, useState } from 'react';
import { FieldForm } from '../../../components/field-form.js';
import { useDevice } from '../../../lib/device-context.js';
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
  const { store, session } = useDevice();
  const { data: forms, error } = useEventForms();
  const [chosenId, setChosenId] = useState<string | null>(null);
  // The chosen form, or the first one until someone chooses (or when the
  // chosen one is deleted by a sync).
  const form = forms?.find((f) => f.id === chosenId) ?? forms?.[0] ?? null;
  const fields = useMemo(() => (form ? readFields(form.form_fields) : []), [form]);

  if (error) return <p role="alert">{error}</p>;
  if (forms === undefined) return <p>Loading forms…</p>;
  if (form === null) {
    return (
      <p role="status">
        No event forms on this device yet. Sync with the server to receive them.{' '}
        <button type="button" className="secondary" onClick={onCancel}>
          Back
        </button>
      </p>
    );
  }
  return (
    <>
      <div className="field">
        <label htmlFor="event-form">Form</label>
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
        submitLabel="Save visit"
        onSubmit={async (values) => {
          await recordVisit(store, session.user, patientId, form, fields, values);
          onSaved();
        }}
        onCancel={onCancel}
      />
    </>
  );
}
