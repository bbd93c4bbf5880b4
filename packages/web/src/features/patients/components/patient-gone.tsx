import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../i18n/format.js';
import { useLanguage } from '../../../i18n/use-language.js';
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
  const { t } = useTranslation();
  const language = useLanguage();
  const { data: departure } = usePatientDeparture(id);
  if (departure === undefined) return <p>{t('common.loading')}</p>;
  if (departure === null) {
    return (
      <p role="status">
        {t('patient.notOnDevice')} <a href={patientsHref}>{t('patient.backToPatients')}</a>
      </p>
    );
  }
  const known = `${departure.givenName ?? ''} ${departure.surname ?? ''}`.trim();
  const name = known || t('patient.thisPatient');
  return (
    <section aria-labelledby="gone-title">
      <p>
        <a href={patientsHref}>
          <span className="back-arrow" aria-hidden="true">
            ←
          </span>{' '}
          {t('common.patients')}
        </a>
      </p>
      <h2 id="gone-title">{name}</h2>
      <p role="status" className="warning">
        {t('patient.gone')}
      </p>
      <p className="muted">
        {t('patient.leftAt', { when: formatDateTime(departure.leftAt, language) })}
      </p>
      <a className="button secondary" href={searchHref(known || id)}>
        {t('patient.findInOrganisation', { name })}
      </a>
    </section>
  );
}
