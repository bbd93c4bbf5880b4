import type { ClinicSummary } from '@clinicsync/schema';
import { useId, useMemo, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmButton } from '../components/confirm-button.js';
import type { Session } from '../lib/session.js';
import {
  changeField,
  firstMissingLabel,
  kindsOf,
  moveField,
  newField,
  removeField,
} from './form-draft.js';
import type { FieldDraft, FormDraft } from './form-draft.js';
import { deleteForm, saveForm } from './forms-api.js';
import { FieldEditor } from './field-editor.js';
import { FormPreview } from './form-preview.js';
import { SaveOutcome } from './save-outcome.js';
import { useSave } from './use-save.js';
import { eventFormFields, registrationFormFields } from './write-form-fields.js';

/** An event form's clinics, one checkbox each; none ticked: every clinic, as the server reads it. */
function ClinicChoice({
  clinics,
  chosen,
  onChange,
}: {
  readonly clinics: readonly ClinicSummary[];
  readonly chosen: readonly string[];
  readonly onChange: (chosen: readonly string[]) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <fieldset aria-describedby={`${id}-hint`}>
      <legend>{t('admin.forms.clinics')}</legend>
      <p id={`${id}-hint`} className="muted">
        {t('admin.forms.clinicsHint')}
      </p>
      {clinics.map((clinic) => (
        <label key={clinic.id} className="checkbox">
          <input
            type="checkbox"
            checked={chosen.includes(clinic.id)}
            onChange={(event) =>
              onChange(
                event.target.checked
                  ? [...chosen, clinic.id]
                  : chosen.filter((c) => c !== clinic.id),
              )
            }
          />
          {clinic.name}
        </label>
      ))}
    </fieldset>
  );
}

/**
 * The form builder: the form's name (an event form's description and
 * clinics too), its fields, and beside them the form as the clinician app
 * will show it. Saving creates the form or changes it; devices pull it at
 * their next sync. The server's refusal is shown as sent.
 */
export function FormBuilder({
  session,
  initial,
  clinics,
  onClose,
}: {
  readonly session: Session;
  readonly initial: FormDraft;
  readonly clinics: readonly ClinicSummary[];
  /** Back to the list, which reads the forms again. */
  readonly onClose: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [draft, setDraft] = useState(initial);
  const [added, setAdded] = useState<string | null>(null);
  const save = useSave();
  const isEvent = draft.type === 'event';
  const setFields = (fields: readonly FieldDraft[]) => setDraft((d) => ({ ...d, fields }));
  // A field without an English label yet is shown untitled, not by its id.
  const untitled = t('admin.forms.untitled');
  const previewJson = useMemo(() => {
    const fields = draft.fields.map((f) =>
      f.label.en.trim() ? f : { ...f, label: { ...f.label, en: untitled } },
    );
    const write = draft.type === 'event' ? eventFormFields : registrationFormFields;
    return JSON.stringify(write({ ...draft, fields }));
  }, [draft, untitled]);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const name = draft.name.trim();
    save.run(
      async () => {
        const missing = firstMissingLabel(draft.fields);
        if (missing) {
          throw new Error(
            missing.option === null
              ? t('admin.forms.labelMissing', { number: missing.field })
              : t('admin.forms.optionLabelMissing', {
                  number: missing.option,
                  field: missing.field,
                }),
          );
        }
        const savedId = await saveForm(session, draft);
        setDraft((d) => ({ ...d, id: savedId }));
      },
      t('admin.forms.saved', { name }),
    );
  };

  return (
    <div className="form-builder">
      <form className="form-editor" onSubmit={onSubmit} aria-labelledby={`${id}-title`}>
        <h3 id={`${id}-title`}>
          {draft.id === null
            ? t(`admin.forms.new.${draft.type}`)
            : t('admin.forms.editing', { name: initial.name })}
        </h3>
        <label htmlFor={`${id}-name`}>{t('admin.forms.name')}</label>
        <input
          id={`${id}-name`}
          required
          value={draft.name}
          onChange={(event) => setDraft({ ...draft, name: event.target.value })}
        />
        {isEvent ? (
          <>
            <label htmlFor={`${id}-description`}>{t('admin.forms.description')}</label>
            <textarea
              id={`${id}-description`}
              rows={2}
              value={draft.description}
              onChange={(event) => setDraft({ ...draft, description: event.target.value })}
            />
            <ClinicChoice
              clinics={clinics}
              chosen={draft.clinicIds}
              onChange={(clinicIds) => setDraft({ ...draft, clinicIds })}
            />
          </>
        ) : null}
        <h4>{t('admin.forms.fields')}</h4>
        {draft.fields.map((field, index) => (
          <FieldEditor
            key={field.id}
            field={field}
            number={index + 1}
            count={draft.fields.length}
            kinds={kindsOf(draft.type)}
            onChange={(change) => setFields(changeField(draft.fields, index, change))}
            onMove={(step) => setFields(moveField(draft.fields, index, step))}
            onRemove={() => setFields(removeField(draft.fields, index))}
            focusOnMount={field.id === added}
          />
        ))}
        <button
          type="button"
          className="secondary"
          onClick={() => {
            const field = newField();
            setAdded(field.id);
            setFields([...draft.fields, field]);
          }}
        >
          {t('admin.forms.addField')}
        </button>
        <div className="actions">
          <button type="submit" disabled={save.busy}>
            {t('admin.forms.save')}
          </button>
          <button type="button" className="secondary" onClick={onClose}>
            {t('admin.forms.backToList')}
          </button>
        </div>
        <SaveOutcome save={save} />
        {draft.id === null ? null : (
          <ConfirmButton
            label={t('admin.forms.delete', { name: draft.name })}
            question={t('admin.forms.deleteQuestion', { name: draft.name })}
            confirmLabel={t('admin.forms.confirmDelete')}
            onConfirm={async () => {
              if (draft.id !== null) await deleteForm(session, draft.type, draft.id);
              onClose();
            }}
          />
        )}
      </form>
      <FormPreview name={draft.name} formFields={previewJson} />
    </div>
  );
}
