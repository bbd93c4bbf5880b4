import { useState } from 'react';
import { usePatientSearch } from '../hooks/use-patient-search.js';
import { OrganisationSearch } from './organisation-search.js';

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
  const [text, setText] = useState(initialText);
  const { data: patients, error } = usePatientSearch(text);

  return (
    <section aria-labelledby="patients-title">
      <div className="heading-row">
        <h2 id="patients-title">Patients</h2>
        <a className="button" href={registerHref}>
          Register a patient
        </a>
      </div>
      <div className="field">
        <label htmlFor="patient-search">Search by name, phone or id</label>
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
          ? 'Loading…'
          : text === ''
            ? `Latest ${patients.length} patients`
            : `${patients.length}${patients.length === 50 ? '+' : ''} found on this device`}
      </p>
      <ul className="patient-list" aria-label="Patients on this device">
        {(patients ?? []).map((p) => (
          <li key={p.id}>
            <a href={patientHref(p.id)}>
              <strong>
                {p.given_name} {p.surname}
              </strong>
              <span className="muted">
                {[p.sex, p.date_of_birth, p.phone].filter(Boolean).join(' · ')}
              </span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
