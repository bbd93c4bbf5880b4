import type { ClinicSummary } from '@clinicsync/schema';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { loadCatalog } from '../i18n/i18n.js';
import { languages } from '../i18n/languages.js';
import type { Session } from '../lib/session.js';
import { listClinics } from './admin-api.js';
import type { FormDraft, FormType } from './form-draft.js';
import { FormBuilder } from './form-builder.js';
import { listForms } from './forms-api.js';
import type { FormRow } from './forms-api.js';
import { newEventDraft, newRegistrationDraft } from './new-form-draft.js';
import { readFormDraft } from './read-form-draft.js';
import { useAdminData } from './use-admin-data.js';

interface FormsData {
  readonly event: FormRow[];
  readonly registration: FormRow[];
  readonly clinics: ClinicSummary[];
}

async function loadForms(session: Session): Promise<FormsData> {
  const [event, registration, clinics] = await Promise.all([
    listForms(session, 'event'),
    listForms(session, 'registration'),
    listClinics(session),
  ]);
  return { event, registration, clinics };
}

/** A new registration form's base fields are labelled from the catalogs of all three languages. */
async function newRegistration(): Promise<FormDraft> {
  const [en, ar, es] = await Promise.all(languages.map(loadCatalog));
  if (!en || !ar || !es) throw new Error('a catalog is missing');
  return newRegistrationDraft({ en, ar, es });
}

/** Which clinics an event form is for, by name; none: every clinic. */
function clinicNames(form: FormRow, clinics: readonly ClinicSummary[], every: string): string {
  const draft = readFormDraft('event', form);
  if (draft.clinicIds.length === 0) return every;
  return draft.clinicIds
    .map((id) => clinics.find((clinic) => clinic.id === id)?.name ?? id)
    .join(', ');
}

function FormList({
  type,
  forms,
  clinics,
  onEdit,
}: {
  readonly type: FormType;
  readonly forms: readonly FormRow[];
  readonly clinics: readonly ClinicSummary[];
  readonly onEdit: (form: FormRow) => void;
}) {
  const { t } = useTranslation();
  if (forms.length === 0) return <p>{t(`admin.forms.none.${type}`)}</p>;
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{t('admin.forms.name')}</th>
          {type === 'event' ? <th scope="col">{t('admin.forms.clinics')}</th> : null}
          <th scope="col">{t('admin.actions')}</th>
        </tr>
      </thead>
      <tbody>
        {forms.map((form) => (
          <tr key={String(form['id'])}>
            <td>{String(form['name'])}</td>
            {type === 'event' ? (
              <td>{clinicNames(form, clinics, t('admin.forms.everyClinic'))}</td>
            ) : null}
            <td>
              <button type="button" className="secondary" onClick={() => onEdit(form)}>
                {t('admin.forms.edit', { name: String(form['name']) })}
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The event forms and registration forms devices pull, each opened in the
 * form builder, and new ones. Back from the builder, the list is read again.
 */
export function FormsPage({ session }: { readonly session: Session }) {
  const { t } = useTranslation();
  const load = useCallback(() => loadForms(session), [session]);
  const { data, failure, reload } = useAdminData(load);
  const [open, setOpen] = useState<FormDraft | null>(null);
  const [opening, setOpening] = useState<string | null>(null);

  if (open && data) {
    return (
      <section aria-labelledby="forms-title">
        <h2 id="forms-title">{t('admin.pages.forms')}</h2>
        <FormBuilder
          session={session}
          initial={open}
          clinics={data.clinics}
          onClose={() => {
            setOpen(null);
            reload();
          }}
        />
      </section>
    );
  }
  const edit = (type: FormType) => (form: FormRow) => setOpen(readFormDraft(type, form));
  return (
    <section aria-labelledby="forms-title">
      <h2 id="forms-title">{t('admin.pages.forms')}</h2>
      {failure ? <p role="alert">{t('admin.loadFailed', { reason: failure })}</p> : null}
      {opening ? <p role="alert">{t('admin.loadFailed', { reason: opening })}</p> : null}
      {data === null ? (
        failure ? null : (
          <p role="status">{t('common.loading')}</p>
        )
      ) : (
        <>
          <h3>{t('admin.forms.eventForms')}</h3>
          <FormList type="event" forms={data.event} clinics={data.clinics} onEdit={edit('event')} />
          <button type="button" onClick={() => setOpen(newEventDraft())}>
            {t('admin.forms.new.event')}
          </button>
          <h3>{t('admin.forms.registrationForms')}</h3>
          <p className="muted">{t('admin.forms.registrationHint')}</p>
          <FormList
            type="registration"
            forms={data.registration}
            clinics={data.clinics}
            onEdit={edit('registration')}
          />
          <button
            type="button"
            onClick={() => {
              newRegistration()
                .then(setOpen)
                .catch((error: unknown) => setOpening(String(error)));
            }}
          >
            {t('admin.forms.new.registration')}
          </button>
        </>
      )}
    </section>
  );
}
