import { asPushed, makeRow } from './fixtures.js';

/** 3,000 patients with three 1.5 KB events each (about 15 MB), ids starting with `prefix`. */
export function bigPush(prefix: string) {
  const patients = Array.from({ length: 3000 }, (_, i) =>
    makeRow('patients', { id: `${prefix}p${i}` }),
  );
  const events = patients.flatMap((p, i) =>
    [0, 1, 2].map((e) =>
      makeRow('events', {
        id: `${prefix}e${i}-${e}`,
        patient_id: p.id,
        form_data: JSON.stringify({ notes: 'x'.repeat(1500), i, e }),
      }),
    ),
  );
  return {
    patients: { created: patients.map((r) => asPushed(r, 'created')) },
    events: { created: events.map((r) => asPushed(r, 'created')) },
  };
}
