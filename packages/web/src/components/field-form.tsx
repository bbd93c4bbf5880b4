import { useTranslation } from 'react-i18next';
import { useFieldForm } from '../hooks/use-field-form.js';
import type { FieldFormOptions } from '../hooks/use-field-form.js';
import { FieldInput } from './field-input/field-input.js';

export interface FieldFormProps extends FieldFormOptions {
  /** The submit button's text, e.g. "Register patient". */
  readonly submitLabel: string;
  readonly onCancel: () => void;
}

/**
 * A form of schema-described fields: registration, patient edit and the
 * event form of a new visit. On submit it checks every answer; with errors
 * it says how many and moves focus to the first invalid field, else it saves
 * (the button is disabled meanwhile) and shows a failure in words.
 *
 * @example
 * <FieldForm
 *   fields={fields}
 *   submitLabel="Register patient"
 *   onSubmit={async (values) => onSaved(await registerPatient(store, user, fields, values))}
 *   onCancel={() => navigate({ name: 'patients' })}
 * />
 */
export function FieldForm({ submitLabel, onCancel, ...options }: FieldFormProps) {
  const { t } = useTranslation();
  const form = useFieldForm(options);
  const errorCount = Object.keys(form.errors).length;
  return (
    <form onSubmit={form.submit} noValidate>
      {errorCount > 0 ? (
        <p role="alert" className="field-error">
          {t('form.correct', { count: errorCount })}
        </p>
      ) : null}
      <div className="form-grid">
        {form.fields.map((field) => (
          <FieldInput
            key={field.id}
            field={field}
            value={form.valueOf(field)}
            error={form.errors[field.id] ?? null}
            onChange={(value) => form.setValue(field, value)}
            focusRef={form.focusRef(field)}
          />
        ))}
      </div>
      {form.failure ? <p role="alert">{form.failure}</p> : null}
      <div className="actions">
        <button type="submit" disabled={form.busy}>
          {submitLabel}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
