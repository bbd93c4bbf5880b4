import { useEffect, useState } from 'react';
import { useDevice } from '../../../lib/device-context.js';
import { searchPatients } from '../api/search-patients.js';
import type { Patient } from '../api/search-patients.js';

const debounceMs = 120;

/** Search as you type (name, phone or id), from the local database. */
export function PatientList({
  patientHref,
  registerHref,
}: {
  readonly patientHref: (id: string) => string;
  readonly registerHref: string;
}) {
  const { store } = useDevice();
  const [text, setText] = useState('');
  const [patients, setPatients] = useState<Patient[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => store.subscribe('patients', () => setVersion((v) => v + 1)), [store]);

  useEffect(() => {
    let current = true;
    const timer = window.setTimeout(
      () => {
        searchPatients(store, text)
          .then((found) => {
            if (current) {
              setPatients(found);
              setError(null);
            }
          })
          .catch((e: unknown) => {
            if (current) setError(e instanceof Error ? e.message : String(e));
          });
      },
      text === '' ? 0 : debounceMs,
    );
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
  }, [store, text, version]);

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
      {error ? <p role="alert">{error}</p> : null}
      <p className="muted" aria-live="polite">
        {patients === null
          ? 'Loading…'
          : text === ''
            ? `Latest ${patients.length} patients`
            : `${patients.length}${patients.length === 50 ? '+' : ''} found`}
      </p>
      <ul className="patient-list">
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
