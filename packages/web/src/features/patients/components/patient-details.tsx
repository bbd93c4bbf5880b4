import type { PatientRecord } from '../api/get-patient-record.js';

const date = (ms: number | null) => (ms ? new Date(ms).toLocaleDateString() : '—');

/** Demographics, extra attributes, vitals, problems, prescriptions and appointments. */
export function PatientDetails({ record }: { readonly record: PatientRecord }) {
  const { patient } = record;
  const demographics: [string, string | null][] = [
    ['Sex', patient.sex],
    ['Date of birth', patient.date_of_birth],
    ['Phone', patient.phone],
    ['Citizenship', patient.citizenship],
    ['Hometown', patient.hometown],
    ['Camp', patient.camp],
    ['Government id', patient.government_id],
    ['External id', patient.external_patient_id],
  ];
  return (
    <>
      <section aria-labelledby="demographics-title">
        <h3 id="demographics-title">Demographics</h3>
        <dl className="facts">
          {demographics.map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value || '—'}</dd>
            </div>
          ))}
          {record.attributes.map((a) => (
            <div key={a.id}>
              <dt>{a.attribute}</dt>
              <dd>
                {a.string_value ??
                  (a.number_value !== null ? String(a.number_value) : null) ??
                  (a.date_value !== null ? date(a.date_value) : null) ??
                  (a.boolean_value !== null ? (a.boolean_value ? 'Yes' : 'No') : '—')}
              </dd>
            </div>
          ))}
        </dl>
      </section>
      <section aria-labelledby="vitals-title">
        <h3 id="vitals-title">Vitals</h3>
        {record.vitals.length === 0 ? (
          <p className="muted">No vitals recorded.</p>
        ) : (
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">BP</th>
                  <th scope="col">Heart rate</th>
                  <th scope="col">Temp °C</th>
                  <th scope="col">Weight kg</th>
                  <th scope="col">SpO₂ %</th>
                </tr>
              </thead>
              <tbody>
                {record.vitals.map((v) => (
                  <tr key={v.id}>
                    <td>{date(v.timestamp)}</td>
                    <td>
                      {v.systolic_bp && v.diastolic_bp ? `${v.systolic_bp}/${v.diastolic_bp}` : '—'}
                    </td>
                    <td>{v.heart_rate ?? '—'}</td>
                    <td>{v.temperature_celsius ?? '—'}</td>
                    <td>{v.weight_kg ?? '—'}</td>
                    <td>{v.oxygen_saturation ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="problems-title">
        <h3 id="problems-title">Problems</h3>
        {record.problems.length === 0 ? (
          <p className="muted">No problems recorded.</p>
        ) : (
          <ul>
            {record.problems.map((p) => (
              <li key={p.id}>
                {p.problem_label || p.problem_code} {p.problem_code ? `(${p.problem_code})` : ''} —{' '}
                {p.clinical_status || 'unknown status'}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="prescriptions-title">
        <h3 id="prescriptions-title">Prescriptions</h3>
        {record.prescriptions.length === 0 ? (
          <p className="muted">No prescriptions.</p>
        ) : (
          <ul>
            {record.prescriptions.map((p) => (
              <li key={p.id}>
                {date(p.prescribed_at)} — {p.status || 'pending'} {p.notes ? `: ${p.notes}` : ''}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="appointments-title">
        <h3 id="appointments-title">Appointments</h3>
        {record.appointments.length === 0 ? (
          <p className="muted">No appointments.</p>
        ) : (
          <ul>
            {record.appointments.map((a) => (
              <li key={a.id}>
                {a.timestamp ? new Date(a.timestamp).toLocaleString() : '—'} —{' '}
                {a.reason || 'no reason given'} ({a.status || 'pending'})
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
