import { useEffect, useMemo, useState } from 'react';
import type { FormEvent } from 'react';
import { FieldInput } from '../../../components/field-input.js';
import { useDevice } from '../../../lib/device-context.js';
import { emptyValue, readFields, validateField } from '../../../lib/form-fields.js';
import type { FieldValue } from '../../../lib/form-fields.js';
import { getEventForms } from '../api/get-event-forms.js';
import type { EventForm } from '../api/get-event-forms.js';
import { recordVisit } from '../api/record-visit.js';

/** A new visit for the patient, with one event form filled in. */
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
  const [forms, setForms] = useState<EventForm[] | null>(null);
  const [formId, setFormId] = useState('');
  const [values, setValues] = useState<Record<string, FieldValue>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let current = true;
    void getEventForms(store).then((found) => {
      if (!current) return;
      setForms(found);
      if (found[0]) setFormId(found[0].id);
    });
    return () => {
      current = false;
    };
  }, [store]);

  const form = forms?.find((f) => f.id === formId) ?? null;
  const fields = useMemo(() => (form ? readFields(form.form_fields) : []), [form]);

  if (forms === null) return <p>Loading forms…</p>;
  if (forms.length === 0) {
    return (
      <p role="status">
        No event forms on this device yet. Sync with the server to receive them.{' '}
        <button type="button" className="secondary" onClick={onCancel}>
          Back
        </button>
      </p>
    );
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!form) return;
    const found: Record<string, string> = {};
    for (const field of fields) {
      const message = validateField(field, values[field.id] ?? emptyValue(field));
      if (message) found[field.id] = message;
    }
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    setFailure(null);
    try {
      await recordVisit(store, session.user, patientId, form, fields, values);
      onSaved();
    } catch (e) {
      setFailure(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <div className="field">
        <label htmlFor="event-form">Form</label>
        <select
          id="event-form"
          value={formId}
          onChange={(e) => {
            setFormId(e.target.value);
            setValues({});
            setErrors({});
          }}
        >
          {forms.map((f) => (
            <option key={f.id} value={f.id}>
              {f.name}
            </option>
          ))}
        </select>
      </div>
      {form?.description ? <p className="muted">{form.description}</p> : null}
      {Object.keys(errors).length > 0 ? (
        <p role="alert" className="field-error">
          Please correct {Object.keys(errors).length} field(s).
        </p>
      ) : null}
      <div className="form-grid">
        {fields.map((field) => (
          <FieldInput
            key={`${formId}-${field.id}`}
            field={field}
            value={values[field.id] ?? emptyValue(field)}
            error={errors[field.id] ?? null}
            onChange={(value) => setValues((v) => ({ ...v, [field.id]: value }))}
          />
        ))}
      </div>
      {failure ? <p role="alert">{failure}</p> : null}
      <div className="actions">
        <button type="submit" disabled={busy}>
          Save visit
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
