import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { FactLine } from '../../../components/fact-line.js';
import { useOnline } from '../../../hooks/use-online.js';

import { useDevice } from '../../../lib/device-context.js';
import { addToDevice, removeFromDevice } from '../api/follow-patient.js';
import { lookupPatients } from '../api/lookup-patients.js';
import type { FoundPatient } from '../api/lookup-patients.js';
import { useClinicNames } from '../hooks/use-clinic-names.js';
import { useDevicePresence } from '../hooks/use-device-presence.js';

const nameOf = (p: FoundPatient, t: TFunction) =>
  `${p.given_name ?? ''} ${p.surname ?? ''}`.trim() || t('common.unnamedPatient');

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
  const { t } = useTranslation();
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
    setStatus(t('organisation.addingName', { name: nameOf(patient, t) }));
    try {
      await addToDevice(engine, patient.id, syncNow);
      if (await store.find('patients', patient.id)) {
        onOpen(patient.id);
      } else {
        setStatus(t('organisation.addedLater', { name: nameOf(patient, t) }));
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
    setStatus(t('organisation.removingName', { name: nameOf(patient, t) }));
    try {
      await removeFromDevice(engine, patient.id, syncNow);
      setStatus(t('organisation.removed', { name: nameOf(patient, t) }));
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
        {t('organisation.title')}
      </h3>
      <div className="actions">
        <button
          type="button"
          className="secondary"
          disabled={!online || text.trim() === '' || busy !== null}
          aria-describedby="organisation-hint"
          onClick={() => void search()}
        >
          {busy === 'search' ? t('organisation.searching') : t('organisation.search')}
        </button>
        <span id="organisation-hint" className="muted">
          {!online
            ? t('common.needsConnection')
            : text.trim() === ''
              ? t('organisation.typeFirst')
              : t('organisation.findsEvery')}
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
              ? t('organisation.noMatch', { query: found?.query ?? '' })
              : t('organisation.count', { count: shown.length })}
          </p>
          <ul className="patient-list" aria-label={t('organisation.listLabel')}>
            {shown.map((p) => {
              const onDevice = presence?.onDevice.has(p.id) ?? p.in_scope;
              const followed = presence?.followed.has(p.id) ?? false;
              const clinic = p.primary_clinic_id
                ? (clinics[p.primary_clinic_id] ?? t('organisation.unknownClinic'))
                : t('organisation.noClinic');
              return (
                <li key={p.id} className="found-patient">
                  <div>
                    <strong>{nameOf(p, t)}</strong>
                    <FactLine facts={[p.date_of_birth, p.sex, clinic]} />
                    <span className={onDevice ? 'presence on' : 'presence'}>
                      {onDevice ? t('organisation.onDevice') : t('organisation.notOnDevice')}
                    </span>
                  </div>
                  <div className="actions">
                    {onDevice ? (
                      <button type="button" className="secondary" onClick={() => onOpen(p.id)}>
                        {t('organisation.openChart')}
                      </button>
                    ) : null}
                    {!onDevice ? (
                      <button
                        type="button"
                        disabled={!online || busy !== null}
                        aria-label={t('organisation.addName', { name: nameOf(p, t) })}
                        onClick={() => void add(p)}
                      >
                        {busy === p.id ? t('organisation.adding') : t('organisation.add')}
                      </button>
                    ) : null}
                    {onDevice && followed ? (
                      <button
                        type="button"
                        className="danger"
                        disabled={!online || busy !== null}
                        aria-label={t('organisation.removeName', { name: nameOf(p, t) })}
                        onClick={() => void remove(p)}
                      >
                        {busy === p.id ? t('organisation.removing') : t('organisation.remove')}
                      </button>
                    ) : null}
                    {!online ? <span className="muted">{t('common.needsConnection')}</span> : null}
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
