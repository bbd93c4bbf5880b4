import { useState } from 'react';
import { useOnline } from '../../../hooks/use-online.js';
import { useDevice } from '../../../lib/device-context.js';
import { addToDevice, removeFromDevice } from '../api/follow-patient.js';
import { lookupPatients } from '../api/lookup-patients.js';
import type { FoundPatient } from '../api/lookup-patients.js';
import { useClinicNames } from '../hooks/use-clinic-names.js';
import { useDevicePresence } from '../hooks/use-device-presence.js';

const nameOf = (p: FoundPatient) =>
  `${p.given_name ?? ''} ${p.surname ?? ''}`.trim() || 'Unnamed patient';

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * "Search the whole organisation" (online only): patients of every clinic
 * matching the text, with what identifies them, their clinic and whether
 * they are on this device; "Add to this device" brings one's chart with a
 * sync, "Remove from this device" takes it off again.
 */
export function OrganisationSearch({
  text,
  syncNow,
  onOpen,
}: {
  readonly text: string;
  readonly syncNow: () => Promise<void>;
  /** Opens the chart of a patient on this device. */
  readonly onOpen: (id: string) => void;
}) {
  const { engine, store } = useDevice();
  const online = useOnline();
  const [found, setFound] = useState<{ query: string; patients: FoundPatient[] } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { data: clinics = {} } = useClinicNames();
  const shown = found && found.query === text.trim() ? found.patients : null;
  const { data: presence } = useDevicePresence(shown?.map((p) => p.id) ?? []);

  const search = async () => {
    setBusy('search');
    setError(null);
    setStatus(null);
    try {
      const query = text.trim();
      setFound({ query, patients: await lookupPatients(engine, query) });
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(null);
    }
  };

  const add = async (patient: FoundPatient) => {
    setBusy(patient.id);
    setError(null);
    setStatus(`Adding ${nameOf(patient)} to this device…`);
    try {
      await addToDevice(engine, patient.id, syncNow);
      if (await store.find('patients', patient.id)) {
        onOpen(patient.id);
      } else {
        setStatus(`${nameOf(patient)} was added: the chart arrives with the next sync.`);
      }
    } catch (e) {
      setStatus(null);
      setError(messageOf(e));
    } finally {
      setBusy(null);
    }
  };

  const remove = async (patient: FoundPatient) => {
    setBusy(patient.id);
    setError(null);
    setStatus(`Removing ${nameOf(patient)} from this device…`);
    try {
      await removeFromDevice(engine, patient.id, syncNow);
      setStatus(`${nameOf(patient)} was removed from this device.`);
    } catch (e) {
      setStatus(null);
      setError(messageOf(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section aria-labelledby="organisation-title" className="organisation-search">
      <h3 id="organisation-title" className="visually-hidden">
        The whole organisation
      </h3>
      <div className="actions">
        <button
          type="button"
          className="secondary"
          disabled={!online || text.trim() === '' || busy !== null}
          aria-describedby="organisation-hint"
          onClick={() => void search()}
        >
          {busy === 'search' ? 'Searching…' : 'Search the whole organisation'}
        </button>
        <span id="organisation-hint" className="muted">
          {!online
            ? 'Needs a connection'
            : text.trim() === ''
              ? 'Type a name, phone or id first'
              : 'Finds patients of every clinic'}
        </span>
      </div>
      {error ? (
        <p role="alert" className="field-error">
          {error}
        </p>
      ) : null}
      {status ? <p role="status">{status}</p> : null}
      {shown ? (
        <>
          <p className="muted" aria-live="polite">
            {shown.length === 0
              ? `No patient in the organisation matches “${found?.query}”.`
              : `${shown.length} in the whole organisation`}
          </p>
          <ul className="patient-list" aria-label="Patients in the whole organisation">
            {shown.map((p) => {
              const onDevice = presence?.onDevice.has(p.id) ?? p.in_scope;
              const followed = presence?.followed.has(p.id) ?? false;
              const clinic = p.primary_clinic_id
                ? (clinics[p.primary_clinic_id] ?? 'Unknown clinic')
                : 'No clinic';
              return (
                <li key={p.id} className="found-patient">
                  <div>
                    <strong>{nameOf(p)}</strong>
                    <span className="muted">
                      {[p.date_of_birth, p.sex, clinic].filter(Boolean).join(' · ')}
                    </span>
                    <span className={onDevice ? 'presence on' : 'presence'}>
                      {onDevice ? 'On this device' : 'Not on this device'}
                    </span>
                  </div>
                  <div className="actions">
                    {onDevice ? (
                      <button type="button" className="secondary" onClick={() => onOpen(p.id)}>
                        Open chart
                      </button>
                    ) : null}
                    {!onDevice ? (
                      <button
                        type="button"
                        disabled={!online || busy !== null}
                        aria-label={`Add ${nameOf(p)} to this device`}
                        onClick={() => void add(p)}
                      >
                        {busy === p.id ? 'Adding…' : 'Add to this device'}
                      </button>
                    ) : null}
                    {onDevice && followed ? (
                      <button
                        type="button"
                        className="danger"
                        disabled={!online || busy !== null}
                        aria-label={`Remove ${nameOf(p)} from this device`}
                        onClick={() => void remove(p)}
                      >
                        {busy === p.id ? 'Removing…' : 'Remove from this device'}
                      </button>
                    ) : null}
                    {!online ? <span className="muted">Needs a connection</span> : null}
                  </div>
                </li>
              );
            })}
          </ul>
        </>
      ) : null}
    </section>
  );
}
