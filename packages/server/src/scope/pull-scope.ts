import { syncedTables } from '@clinicsync/schema';
import type { Queryable } from '../db/database.js';
import { authorColumns, scopeKeyOf } from './scope-keys.js';
import type { KeyKind } from './scope-keys.js';
import { wholeOrganisation } from './user-scope.js';

/**
 * The keys of one kind a pull sends rows for (docs/scope.md, "Re-scoping").
 * A device that pulled at cursor S (and, before that, at P) holds the rows
 * of scope(S) ∪ scope(P), and of the patients it created in the pushes
 * after those pulls: rows that left the scope go out as deleted one sync
 * late, so a stock WatermelonDB device pushes its edits of them first.
 */
export interface KeyScope {
  /** Keys in scope at the pull's timestamp. */
  readonly now: KeysNow;
  /** In scope now, neither at S nor at P: the device holds none of their rows. */
  readonly entered: readonly string[];
  /** In scope now and at P, not at S: the device still holds their rows as of P. */
  readonly back: readonly string[];
  /** In scope at P, neither at S nor now: their rows go out as deleted in this pull. */
  readonly gone: readonly string[];
  /** In scope at S, not now: deleted in the next pull; their tombstones still go out. */
  readonly leaving: readonly string[];
}

/** Every key; a list; or the patients of these clinics and the user's follows, in SQL. */
export type KeysNow =
  | { readonly all: true }
  | { readonly ids: readonly string[] }
  | {
      readonly patientsOf: readonly string[];
      /**
       * The clinics hold a large share of all patients: their rows are best
       * found by walking a table in id order, testing each against the
       * scope, than by looking each patient's rows up (pull-sql.ts).
       */
      readonly broad: boolean;
    };

/** The versions a pull's scope is computed at. */
export interface ScopeVersions {
  readonly userId: string;
  /** The pull's timestamp: the scope it answers for. */
  readonly at: number;
  /** The device's cursor (0 on a first sync or a resync). */
  readonly since: number;
  /** The cursor the device held before `since` (0 when none). */
  readonly previous: number;
}

export type PullScopeKeys = Readonly<Record<KeyKind, KeyScope>>;

const unchanged = { entered: [], back: [], gone: [], leaving: [] } as const;

/** The SQL condition "span open at version `v`" over alias `s`. */
function openAt(v: string, s = 's'): string {
  return `${s}.began <= ${v} AND (${s}.ended IS NULL OR ${s}.ended > ${v})`;
}

/** The user's clinics at each version (an empty set at version 0: nothing held yet). */
async function clinicsAt(
  db: Queryable,
  userId: string,
  versions: readonly number[],
): Promise<Set<string>[]> {
  const rows = await db.query<{ v: string; clinic_id: string }>(
    `SELECT v::text, s.clinic_id FROM unnest($2::bigint[]) v
       JOIN clinic_memberships s ON s.user_id = $1 AND ${openAt('v')}
      WHERE v > 0`,
    [userId, versions],
  );
  return versions.map(
    (v) => new Set(rows.filter((r) => Number(r.v) === v).map((r) => r.clinic_id)),
  );
}

/** Splits keys by where they were in scope: now, at S, at P. */
function diffOf(
  keys: Iterable<string>,
  inNow: (k: string) => boolean,
  inSince: (k: string) => boolean,
  inPrevious: (k: string) => boolean,
): Omit<KeyScope, 'now'> {
  const entered: string[] = [];
  const back: string[] = [];
  const gone: string[] = [];
  const leaving: string[] = [];
  for (const key of keys) {
    const now = inNow(key);
    const since = inSince(key);
    if (now && !since) (inPrevious(key) ? back : entered).push(key);
    else if (!now && since) leaving.push(key);
    else if (!now && !since && inPrevious(key)) gone.push(key);
  }
  return { entered, back, gone, leaving };
}

/** A diff between three explicit sets. */
function diffOfSets(
  now: Set<string>,
  since: Set<string>,
  previous: Set<string>,
): Omit<KeyScope, 'now'> {
  return diffOf(
    new Set([...now, ...since, ...previous]),
    (k) => now.has(k),
    (k) => since.has(k),
    (k) => previous.has(k),
  );
}

const hasWhole = (clinics: Set<string>) => clinics.has(wholeOrganisation);

/** The user's clinics at the pull's timestamp, at S and at P. */
type ClinicsAt = readonly [Set<string>, Set<string>, Set<string>];

/**
 * Patients whose place in the scope may differ between P (or S) and now:
 * links to the user's clinics or follows that began or ended since then,
 * every patient of a clinic the user joined or left, and the patients the
 * device created itself after those pulls. Each is then checked at the
 * three versions; every other patient is where it was.
 */
async function patientDiff(
  db: Queryable,
  v: ScopeVersions,
  clinics: ClinicsAt,
): Promise<Omit<KeyScope, 'now'>> {
  const [now, since, previous] = clinics;
  if (clinics.some(hasWhole)) {
    // Rare: a super_admin role granted or taken away. Every patient is a candidate.
    const ids = await db.query<{ id: string }>('SELECT id FROM patients');
    return evaluateCandidates(
      db,
      v,
      ids.map((r) => r.id),
      clinics,
    );
  }
  const lower = v.previous > 0 ? v.previous : v.since;
  const all = [...new Set([...now, ...since, ...previous])];
  const moved = all.filter(
    (c) => now.has(c) !== since.has(c) || (v.previous > 0 && since.has(c) !== previous.has(c)),
  );
  const candidates = await db.query<{ id: string }>(
    `SELECT patient_id AS id FROM patient_clinics
      WHERE clinic_id = ANY($1::text[]) AND (began > $2 OR ended > $2)
     UNION SELECT patient_id FROM patient_follows WHERE user_id = $3 AND (began > $2 OR ended > $2)
     UNION SELECT patient_id FROM patient_clinics WHERE clinic_id = ANY($4::text[]) AND began <= $5
     UNION SELECT id FROM patients WHERE _created_cursor = ANY($6::bigint[]) AND _created_by = $3`,
    [all, lower, v.userId, moved, v.at, [v.since, v.previous].filter((c) => c > 0)],
  );
  if (candidates.length === 0) return unchanged;
  return evaluateCandidates(
    db,
    v,
    candidates.map((c) => c.id),
    clinics,
  );
}

/**
 * Where each candidate patient stood at the pull's timestamp, at S and at P:
 * linked to one of the user's clinics then, or followed then; every patient
 * at a version where the user held the whole organisation.
 */
async function evaluateCandidates(
  db: Queryable,
  v: ScopeVersions,
  ids: readonly string[],
  clinics: ClinicsAt,
): Promise<Omit<KeyScope, 'now'>> {
  const inScopeAt = (version: string, clinicsParam: string) =>
    `(${version} > 0 AND (EXISTS (SELECT 1 FROM patient_clinics s WHERE s.patient_id = c.id
                                   AND s.clinic_id = ANY(${clinicsParam}::text[]) AND ${openAt(version)})
        OR EXISTS (SELECT 1 FROM patient_follows s WHERE s.user_id = $2 AND s.patient_id = c.id AND ${openAt(version)})))`;
  // A device also holds the patients it created itself in the push that
  // followed its pull at a cursor, whether or not they are still in scope.
  const createdHere = (cursor: string) =>
    `EXISTS (SELECT 1 FROM patients pt WHERE pt.id = c.id AND ${cursor} > 0
               AND pt._created_cursor = ${cursor} AND pt._created_by = $2)`;
  const rows = await db.query<{ id: string; t: boolean; s: boolean; p: boolean }>(
    `SELECT c.id, ${inScopeAt('$3::bigint', '$6')} AS t,
            ${inScopeAt('$4::bigint', '$7')} OR ${createdHere('$4::bigint')} AS s,
            ${inScopeAt('$5::bigint', '$8')} OR ${createdHere('$5::bigint')} AS p
       FROM unnest($1::text[]) c(id)`,
    [ids, v.userId, v.at, v.since, v.previous, [...clinics[0]], [...clinics[1]], [...clinics[2]]],
  );
  const whole = clinics.map(hasWhole);
  const held = [v.at, v.since, v.previous].map((at) => at > 0);
  const by = new Map(rows.map((r) => [r.id, r]));
  return diffOf(
    by.keys(),
    (k) => by.get(k)!.t || (whole[0]! && held[0]!),
    (k) => by.get(k)!.s || (whole[1]! && held[1]!),
    (k) => by.get(k)!.p || (whole[2]! && held[2]!),
  );
}

/** Users in scope at a version: members of the user's clinics, authors of in-scope patients' rows, the user. */
async function usersAt(
  db: Queryable,
  userId: string,
  version: number,
  clinics: Set<string>,
): Promise<Set<string>> {
  if (version === 0) return new Set();
  if (hasWhole(clinics)) {
    return new Set((await db.query<{ id: string }>('SELECT id FROM users')).map((r) => r.id));
  }
  const rows = await db.query<{ id: string }>(
    `SELECT $1::text AS id
     UNION SELECT s.user_id FROM clinic_memberships s WHERE s.clinic_id = ANY($3::text[]) AND ${openAt('$2::bigint')}
     UNION SELECT a.user_id FROM patient_authors a
            WHERE a.first_version <= $2::bigint
              AND a.patient_id = ANY(ARRAY(SELECT s.patient_id FROM patient_clinics s
                                    WHERE s.clinic_id = ANY($3::text[]) AND ${openAt('$2::bigint')}
                                   UNION ALL SELECT s.patient_id FROM patient_follows s
                                    WHERE s.user_id = $1 AND ${openAt('$2::bigint')}))`,
    [userId, version, [...clinics]],
  );
  return new Set(rows.map((r) => r.id));
}

/** Event forms in scope: those for every clinic, or for one of the user's. */
function formsAt(
  forms: readonly FormClinics[],
  version: number,
  clinics: Set<string>,
): Set<string> {
  if (version === 0) return new Set();
  const whole = hasWhole(clinics);
  return new Set(
    forms
      .filter((f) => whole || f.clinics.length === 0 || f.clinics.some((c) => clinics.has(c)))
      .map((f) => f.id),
  );
}

interface FormClinics {
  readonly id: string;
  readonly clinics: readonly string[];
}

/** An event form's `clinic_ids`: a JSON list of clinic ids; '' or '[]' for every clinic. */
export function parseClinicIds(text: string): string[] {
  if (text.trim() === '') return [];
  try {
    const parsed: unknown = JSON.parse(text);
    if (Array.isArray(parsed)) return parsed.filter((c): c is string => typeof c === 'string');
  } catch {
    // An older form may hold a comma-separated list.
  }
  return text
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '');
}

async function loadForms(db: Queryable): Promise<FormClinics[]> {
  const rows = await db.query<{ id: string; clinic_ids: string }>(
    'SELECT id, clinic_ids FROM event_forms',
  );
  return rows.map((r) => ({ id: r.id, clinics: parseClinicIds(r.clinic_ids) }));
}

/** Clinic-keyed tables are small: a version holding the whole organisation lists every clinic. */
async function clinicKeys(db: Queryable, clinics: ClinicsAt, v: ScopeVersions): Promise<KeyScope> {
  let every: string[] = [];
  if (clinics.some(hasWhole)) {
    every = (await db.query<{ id: string }>('SELECT id FROM clinics')).map((r) => r.id);
  }
  const [now, since, previous] = clinics.map((set) =>
    hasWhole(set) ? new Set(every) : set,
  ) as unknown as ClinicsAt;
  return {
    now: { ids: [...now] },
    ...(v.since === 0 ? unchanged : diffOfSets(now, since, previous)),
  };
}

/**
 * Whether the patients of `clinics` at `at` are a quarter or more of all
 * patients (by the planner's count, kept by ANALYZE), so a page is best read
 * by walking each table in id order.
 */
export async function clinicsAreBroad(
  db: Queryable,
  clinics: readonly string[],
  at: number,
): Promise<boolean> {
  const [row] = await db.query<{ broad: boolean }>(
    `SELECT (SELECT count(*) FROM patient_clinics s
              WHERE s.clinic_id = ANY($1::text[]) AND s.began <= $2 AND (s.ended IS NULL OR s.ended > $2)) * 4
            >= (SELECT reltuples FROM pg_class WHERE oid = 'patients'::regclass) AS broad`,
    [clinics, at],
  );
  return row?.broad ?? false;
}

/** Tables whose rows are keyed by patient. */
const patientTables = syncedTables
  .filter((t) => scopeKeyOf(t)?.kind === 'patient')
  .map((t) => t.name);

/** Tables whose rows name their authors: a change in any may bring a new user into scope. */
const authoredTables = new Set(authorColumns.map((a) => a.table));

/**
 * Works out, for a pull by `v.userId` answering at `v.at` from cursor
 * `v.since`, which keys of each kind it sends and how. `changed` names the
 * tables with rows newer than the device's previous cursor (null: every
 * table is read), `done`
 * the tables earlier pages of a paged pull already sent; the users and forms
 * in scope are only worked out when they can matter.
 */
export async function computePullScope(
  db: Queryable,
  v: ScopeVersions,
  changed: ReadonlySet<string> | null,
  done: ReadonlySet<string> = new Set(),
): Promise<PullScopeKeys> {
  const versions = [v.at, v.since, v.previous] as const;
  const [now, since, previous] = await clinicsAt(db, v.userId, [...versions]);
  const clinics: ClinicsAt = [now!, since!, previous!];
  const firstSync = v.since === 0;
  const wholeThroughout =
    hasWhole(now!) &&
    (firstSync || (hasWhole(since!) && (v.previous === 0 || hasWhole(previous!))));
  const everything: KeyScope = { now: { all: true }, ...unchanged };
  const nothing: KeyScope = { now: { ids: [] }, ...unchanged };

  let patient = everything;
  if (!wholeThroughout) {
    const diff = firstSync ? unchanged : await patientDiff(db, v, clinics);
    // How to read the patients' tables only matters when one is read: a sync
    // with nothing new skips counting the clinics' patients.
    const read =
      changed === null ||
      patientTables.some((t) => changed.has(t) && !done.has(t)) ||
      scopeMoved({ now: { ids: [] }, ...diff });
    patient = {
      now: hasWhole(now!)
        ? { all: true }
        : { patientsOf: [...now!], broad: read && (await clinicsAreBroad(db, [...now!], v.at)) },
      ...diff,
    };
  }
  const self: KeyScope = { now: { ids: [v.userId] }, ...unchanged };
  const clinic = await clinicKeys(db, clinics, v);
  const clinicsMoved = scopeMoved(clinic);

  const diffOver = async (setAt: (at: number, clinics: Set<string>) => Promise<Set<string>>) => {
    // One after another: a transaction's queries share one connection, and
    // node-postgres deprecates sending a query before the last one answered.
    const sets: Set<string>[] = [];
    for (const [i, at] of versions.entries()) sets.push(await setAt(at, clinics[i]!));
    return {
      now: { ids: [...sets[0]!] },
      ...(firstSync ? unchanged : diffOfSets(sets[0]!, sets[1]!, sets[2]!)),
    };
  };
  const usersMatter =
    !done.has('users') &&
    (changed === null ||
      changed.has('users') ||
      // A colleague joining or leaving a clinic changes only a permission row.
      changed.has('user_clinic_permissions') ||
      [...authoredTables].some((t) => changed.has(t)) ||
      scopeMoved(patient) ||
      clinicsMoved);
  const user = wholeThroughout
    ? everything
    : usersMatter
      ? await diffOver((at, c) => usersAt(db, v.userId, at, c))
      : nothing;
  const formsMatter =
    !done.has('event_forms') && (changed === null || changed.has('event_forms') || clinicsMoved);
  let form = nothing;
  if (wholeThroughout) form = everything;
  else if (formsMatter) {
    const forms = await loadForms(db);
    form = await diffOver((at, c) => Promise.resolve(formsAt(forms, at, c)));
  }
  return { patient, self, clinic, user, form };
}

/** Whether any key of this kind entered or left the scope: its tables must be read. */
export function scopeMoved(keys: KeyScope): boolean {
  return keys.entered.length + keys.back.length + keys.gone.length + keys.leaving.length > 0;
}
