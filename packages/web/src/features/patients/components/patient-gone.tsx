import { usePatientDeparture } from '../hooks/use-patient-departure.js';

/**
 * What a screen shows for a patient the device does not hold: why they
 * left, when a sync took them off (their last name, and a way to find them
 * again), or that the device never had them.
 */
export function PatientGone({
  id,
  patientsHref,
  searchHref,
}: {
  readonly id: string;
  readonly patientsHref: string;
  /** The patient list searching for `text`. */
  readonly searchHref: (text: string) => string;
}) {
  const { data: departure } = usePatientDeparture(id);
  if (departure === undefined) return <p>Loading…</p>;
  if (departure === null) {
    return (
      <p role="status">
        This patient is not on this device (deleted, or not synced yet).{' '}
        <a href={patientsHref}>Back to patients</a>
      </p>
    );
  }
  const name = `${departure.givenName ?? ''} ${departure.surname ?? ''}`.trim() || 'This patient';
  return (
    <section aria-labelledby="gone-title">
      <p>
        <a href={patientsHref}>← Patients</a>
      </p>
      <h2 id="gone-title">{name}</h2>
      <p role="status" className="warning">
        This patient is no longer on this device: they are not registered at or seen in your clinics
        any more. Search the whole organisation to add them again.
      </p>
      <p className="muted">Left this device {new Date(departure.leftAt).toLocaleString()}.</p>
      <a className="button secondary" href={searchHref(name === 'This patient' ? id : name)}>
        Find {name} in the organisation
      </a>
    </section>
  );
}
