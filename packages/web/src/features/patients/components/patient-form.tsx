import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { FieldInput } from '../../../components/field-input.js';
import { useDevice } from '../../../lib/device-context.js';
import { emptyValue, validateField } from '../../../lib/form-fields.js';
import type { FieldValue, FormField } from '../../../lib/form-fields.js';
import { getRegistrationForm } from '../api/get-registration-form.js';
import { isPatientColumn } from '../api/patient-values.js';
import { registerPatient } from '../api/register-patient.js';
import type { Patient } from '../api/search-patients.js';
import { updatePatient } from '../api/update-patient.js';

/**
 * Registers a patient (no `patient`) or edits one, with the server's
 * registration form (the core fields without one). Editing changes the
 * patient's own columns.
 */
export function PatientForm({
  patient,
  onSaved,
  onCancel,
}: {
  readonly patient?: Patient;
  readonly onSaved: (patient: Patient) => void;
  readonly onCancel: () => void;
}) {
  const { store, session } = useDevice();
  const [fields, setFields] = useState<readonly FormField[] | null>(null);
  const [values, setValues] = useState<Record<string, FieldValue>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let current = true;
    void getRegistrationForm(store).then((all) => {
      if (!current) return;
      const shown = patient ? all.filter(isPatientColumn) : all;
      const record = patient as unknown as Record<string, unknown> | undefined;
      setFields(shown);
      setValues(
        Object.fromEntries(
          shown.map((f) => {
            const stored = record && f.column ? record[f.column] : undefined;
            return [f.id, typeof stored === 'string' ? stored : emptyValue(f)];
          }),
        ),
      );
    });
    return () => {
      current = false;
    };
  }, [store, patient]);

  if (fields === null) return <p>Loading the form…</p>;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    for (const field of fields) {
      const message = validateField(field, values[field.id] ?? emptyValue(field));
      if (message) found[field.id] = message;
    }
    setErrors(found);
    if (Object.keys(found).length > 0) {
      const first = fields.find((f) => found[f.id]);
      if (first)
        document
          .getElementById(`field-${first.id}`)
          ?.querySelector<HTMLElement>('input,select,textarea')
          ?.focus();
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      const saved = patient
        ? await updatePatient(store, session.user, patient, fields, values)
        : await registerPatient(store, session.user, fields, values);
      onSaved(saved);
    } catch (e) {
      setFailure(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      {Object.keys(errors).length > 0 ? (
        <p role="alert" className="field-error">
          Please correct {Object.keys(errors).length} field(s).
        </p>
      ) : null}
      <div className="form-grid">
        {fields.map((field) => (
          <div key={field.id} id={`field-${field.id}`}>
            <FieldInput
              field={field}
              value={values[field.id] ?? emptyValue(field)}
              error={errors[field.id] ?? null}
              onChange={(value) => setValues((v) => ({ ...v, [field.id]: value }))}
            />
          </div>
        ))}
      </div>
      {failure ? <p role="alert">{failure}</p> : null}
      <div className="actions">
        <button type="submit" disabled={busy}>
          {patient ? 'Save changes' : 'Register patient'}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
