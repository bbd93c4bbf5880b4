// Searches typed into the web app's patient list in Chromium, timed from
// the keystroke to the patient shown (issue 16, item 3: p95 ≤ 30 ms in the
// browser). The list follows the box after a typing pause, so the time a
// query takes is the time to its result less that pause: the worker's
// message round trip, SQLite's search and React's render together.
import type { Queryable } from '@clinicsync/server';

/** The web app's typing pause before it searches (use-patient-search.ts). */
export const typingPauseMs = 120;

export interface SearchCase {
  readonly kind: string;
  readonly text: string;
  /** The name the list shows for the patient searched for. */
  readonly name: string;
}

const withoutAccents = (text: string) => text.normalize('NFD').replace(/\p{Mn}/gu, '');

/**
 * Searches for `count` seeded patients (every hundredth by id), three ways
 * each, as clinicians type them: given name and surname, the surname
 * without accents after three letters of the given name, and a phone's last
 * seven digits.
 */
export async function searchCases(db: Queryable, count: number): Promise<SearchCase[]> {
  const patients = await db.query<{ given_name: string; surname: string; phone: string }>(
    `SELECT given_name, surname, phone FROM (
       SELECT given_name, surname, phone, row_number() OVER (ORDER BY id) AS n FROM patients
     ) p WHERE n % 100 = 0 ORDER BY n LIMIT $1`,
    [count],
  );
  return patients.flatMap((p) => {
    const name = `${p.given_name} ${p.surname}`;
    const digits = p.phone.replace(/\D/g, '');
    return [
      { kind: 'given name and surname', text: name, name },
      {
        kind: 'surname without accents',
        text: `${p.given_name.slice(0, 3)} ${withoutAccents(p.surname)}`,
        name,
      },
      ...(digits.length >= 7 ? [{ kind: 'last 7 digits', text: digits.slice(-7), name }] : []),
    ];
  });
}

/**
 * The page's expression that types each case into the search box and
 * resolves to the milliseconds from typing to the patient listed, less the
 * typing pause (null where the patient did not appear within 5 s). Between
 * cases a search that finds nobody empties the list, so a name already on
 * screen is never taken for the answer.
 */
export function timeSearchesExpression(cases: readonly SearchCase[]): string {
  return `(async (cases, pauseMs) => {
    const input = document.querySelector('#patient-search');
    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
    const type = (text) => {
      setValue.call(input, text);
      input.dispatchEvent(new Event('input', { bubbles: true }));
    };
    const names = () =>
      [...document.querySelectorAll('ul[aria-label="Patients on this device"] li')].map(
        (li) => li.innerText.split('\\n')[0],
      );
    const until = async (done) => {
      const started = performance.now();
      while (!done()) {
        if (performance.now() - started > 5000) return false;
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      return true;
    };
    const times = [];
    for (const { text, name } of cases) {
      type('zzqxzzqx');
      await until(() => names().length === 0);
      const started = performance.now();
      type(text);
      const found = await until(() => names().includes(name));
      times.push(found ? performance.now() - started - pauseMs : null);
    }
    return times;
  })(${JSON.stringify(cases)}, ${typingPauseMs})`;
}
