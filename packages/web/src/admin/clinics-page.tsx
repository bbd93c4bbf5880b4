import type { ClinicSummary } from '@clinicsync/schema';
import { useCallback, useState } from 'react';

import { useTranslation } from 'react-i18next';
import { formatNumber } from '../i18n/format.js';
import { useLanguage } from '../i18n/use-language.js';
import type { Session } from '../lib/session.js';
import { createClinic, listClinics, renameClinic } from './admin-api.js';
import { NameForm } from './name-form.js';
import { useAdminData } from './use-admin-data.js';

function ClinicRow({
  session,
  clinic,
  onChanged,
}: {
  readonly session: Session;
  readonly clinic: ClinicSummary;
  readonly onChanged: () => void;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const [renaming, setRenaming] = useState(false);
  return (
    <tr>
      <td>
        {renaming ? (
          <NameForm
            label={t('admin.clinics.newName', { name: clinic.name })}
            initial={clinic.name}
            submitLabel={t('admin.clinics.saveName')}
            save={async (name) => {
              await renameClinic(session, clinic.id, name);
              setRenaming(false);
              onChanged();
            }}
            onCancel={() => setRenaming(false)}
          />
        ) : (
          clinic.name
        )}
      </td>
      <td>{formatNumber(clinic.users, language)}</td>
      <td>{formatNumber(clinic.patients, language)}</td>
      <td>
        {renaming ? null : (
          <button type="button" className="secondary" onClick={() => setRenaming(true)}>
            {t('admin.clinics.rename', { name: clinic.name })}
          </button>
        )}
      </td>
    </tr>
  );
}

/** The clinics the administrator administers: counts, a new clinic, a new name. */
export function ClinicsPage({ session }: { readonly session: Session }) {
  const { t } = useTranslation();
  const load = useCallback(() => listClinics(session), [session]);
  const { data, failure, reload } = useAdminData(load);
  const [created, setCreated] = useState<string | null>(null);
  return (
    <section aria-labelledby="clinics-title">
      <h2 id="clinics-title">{t('admin.pages.clinics')}</h2>
      {failure ? <p role="alert">{t('admin.loadFailed', { reason: failure })}</p> : null}
      {data === null ? (
        failure ? null : (
          <p role="status">{t('common.loading')}</p>
        )
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('admin.clinics.name')}</th>
              <th scope="col">{t('admin.clinics.users')}</th>
              <th scope="col">{t('admin.clinics.patients')}</th>
              <th scope="col">{t('admin.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {data.map((clinic) => (
              <ClinicRow key={clinic.id} session={session} clinic={clinic} onChanged={reload} />
            ))}
          </tbody>
        </table>
      )}
      <h3>{t('admin.clinics.createTitle')}</h3>
      <NameForm
        key={created ?? ''}
        label={t('admin.clinics.newClinicName')}
        initial=""
        submitLabel={t('admin.clinics.create')}
        save={async (name) => {
          await createClinic(session, name);
          setCreated(name);
          reload();
        }}
      />
      {created ? <p role="status">{t('admin.clinics.created', { name: created })}</p> : null}
    </section>
  );
}
