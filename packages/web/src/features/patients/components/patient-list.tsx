import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FactLine } from '../../../components/fact-line.js';
import { usePatientSearch } from '../hooks/use-patient-search.js';
import { OrganisationSearch } from './organisation-search.js';

/** The search's limit: a full page of results says "50+". */
const searchLimit = 50;

/**
 * Search as you type (name, phone or id), from the local database: the
 * patients of the user's clinics and those added to this device, following
 * every sync. Online, the same text searches the whole organisation.
 */
export function PatientList({
  patientHref,
  registerHref,
  initialText = '',
  syncNow,
  onOpen,
}: {
  readonly patientHref: (id: string) => string;
  readonly registerHref: string;
  readonly initialText?: string;
  /** A sync, for "Add to this device" and "Remove from this device". */
  readonly syncNow: () => Promise<void>;
  readonly onOpen: (id: string) => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState(initialText);
  const { data: patients, error } = usePatientSearch(text);

  return (
    <section aria-labelledby="patients-title">
      <div className="heading-row">
        <h2 id="patients-title">{t('patients.title')}</h2>
        <a className="button" href={registerHref}>
          {t('patients.register')}
        </a>
      </div>
      <div className="field">
        <label htmlFor="patient-search">{t('patients.search')}</label>
        <input
          id="patient-search"
          type="search"
          autoComplete="off"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </div>
      <OrganisationSearch text={text} syncNow={syncNow} onOpen={onOpen} />
      {error ? <p role="alert">{error}</p> : null}
      <p className="muted" aria-live="polite">
        {patients === undefined
          ? t('common.loading')
          : text === ''
            ? t('patients.latest', { count: patients.length })
            : patients.length === searchLimit
              ? t('patients.foundMore', { count: patients.length })
              : t('patients.found', { count: patients.length })}
      </p>
      <ul className="patient-list" aria-label={t('patients.listLabel')}>
        {(patients ?? []).map((p) => (
          <li key={p.id}>
            <a href={patientHref(p.id)}>
              <strong>
                {p.given_name} {p.surname}
              </strong>
              <FactLine facts={[p.sex, p.date_of_birth, p.phone]} />
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
