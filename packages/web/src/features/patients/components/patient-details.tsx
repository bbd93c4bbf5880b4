import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime, formatNumber } from '../../../i18n/format.js';
import type { Language } from '../../../i18n/languages.js';
import { useLanguage } from '../../../i18n/use-language.js';
import type { PatientRecord } from '../api/get-patient-record.js';

const date = (ms: number | null, language: Language) => (ms ? formatDate(ms, language) : '—');
const number = (value: number | null, language: Language) =>
  value === null ? '—' : formatNumber(value, language);

/** Values typed left to right (phone numbers, ids, dates as typed) stay so in Arabic text. */
const typedAsIs = new Set(['phone', 'dateOfBirth', 'governmentId', 'externalId']);

/** Demographics, extra attributes, vitals, problems, prescriptions and appointments. */
export function PatientDetails({ record }: { readonly record: PatientRecord }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const { patient } = record;
  const demographics = [
    ['sex', patient.sex],
    ['dateOfBirth', patient.date_of_birth],
    ['phone', patient.phone],
    ['citizenship', patient.citizenship],
    ['hometown', patient.hometown],
    ['camp', patient.camp],
    ['governmentId', patient.government_id],
    ['externalId', patient.external_patient_id],
  ] as const;
  return (
    <>
      <section aria-labelledby="demographics-title">
        <h3 id="demographics-title">{t('details.demographics')}</h3>
        <dl className="facts">
          {demographics.map(([key, value]) => (
            <div key={key}>
              <dt>{t(`details.${key}`)}</dt>
              <dd>{value && typedAsIs.has(key) ? <bdi dir="ltr">{value}</bdi> : value || '—'}</dd>
            </div>
          ))}
          {record.attributes.map((a) => (
            <div key={a.id}>
              <dt>{a.attribute}</dt>
              <dd>
                {a.string_value ??
                  (a.number_value !== null ? number(a.number_value, language) : null) ??
                  (a.date_value !== null ? date(a.date_value, language) : null) ??
                  (a.boolean_value !== null
                    ? a.boolean_value
                      ? t('common.yes')
                      : t('common.no')
                    : '—')}
              </dd>
            </div>
          ))}
        </dl>
      </section>
      <section aria-labelledby="vitals-title">
        <h3 id="vitals-title">{t('details.vitals')}</h3>
        {record.vitals.length === 0 ? (
          <p className="muted">{t('details.noVitals')}</p>
        ) : (
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('details.date')}</th>
                  <th scope="col">{t('details.bloodPressure')}</th>
                  <th scope="col">{t('details.heartRate')}</th>
                  <th scope="col">{t('details.temperature')}</th>
                  <th scope="col">{t('details.weight')}</th>
                  <th scope="col">{t('details.oxygen')}</th>
                </tr>
              </thead>
              <tbody>
                {record.vitals.map((v) => (
                  <tr key={v.id}>
                    <td>{date(v.timestamp, language)}</td>
                    <td>
                      {v.systolic_bp && v.diastolic_bp ? (
                        <bdi dir="ltr">
                          {number(v.systolic_bp, language)}/{number(v.diastolic_bp, language)}
                        </bdi>
                      ) : (
                        '—'
                      )}
                    </td>
                    <td>{number(v.heart_rate, language)}</td>
                    <td>{number(v.temperature_celsius, language)}</td>
                    <td>{number(v.weight_kg, language)}</td>
                    <td>{number(v.oxygen_saturation, language)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="problems-title">
        <h3 id="problems-title">{t('details.problems')}</h3>
        {record.problems.length === 0 ? (
          <p className="muted">{t('details.noProblems')}</p>
        ) : (
          <ul>
            {record.problems.map((p) => (
              <li key={p.id}>
                {p.problem_label || p.problem_code}{' '}
                {p.problem_code ? <bdi dir="ltr">({p.problem_code})</bdi> : null} —{' '}
                {p.clinical_status || t('details.unknownStatus')}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="prescriptions-title">
        <h3 id="prescriptions-title">{t('details.prescriptions')}</h3>
        {record.prescriptions.length === 0 ? (
          <p className="muted">{t('details.noPrescriptions')}</p>
        ) : (
          <ul>
            {record.prescriptions.map((p) => (
              <li key={p.id}>
                {date(p.prescribed_at, language)} — {p.status || t('details.pending')}{' '}
                {p.notes ? `: ${p.notes}` : ''}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="appointments-title">
        <h3 id="appointments-title">{t('details.appointments')}</h3>
        {record.appointments.length === 0 ? (
          <p className="muted">{t('details.noAppointments')}</p>
        ) : (
          <ul>
            {record.appointments.map((a) => (
              <li key={a.id}>
                {a.timestamp ? formatDateTime(a.timestamp, language) : '—'} —{' '}
                {a.reason || t('details.noReason')} ({a.status || t('details.pending')})
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
