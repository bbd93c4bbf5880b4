import { tables } from '@clinicsync/schema';

type Row = Record<string, unknown>;

/**
 * The whole organisation as the soak sees it at the end: every live row (a
 * super administrator's pull, emails included) and who belongs where,
 * read from the server's own tables.
 */
export interface Organisation {
  /** Live rows by table, as a device pulls them. */
  readonly rows: Readonly<Record<string, readonly Row[]>>;
  /**
   * Each user's clinics: their home clinic and the clinics of their live
   * permission rows; '*' (no clinic shared with anyone) for a super administrator.
   */
  readonly clinicsOf: ReadonlyMap<string, ReadonlySet<string>>;
  /** The patients each user follows. */
  readonly followsOf: ReadonlyMap<string, ReadonlySet<string>>;
}

/** The columns tying a patient to a clinic (PROTOCOL.md, "Scope", rules 1 and 2). */
const clinicLinks: readonly (readonly [string, string])[] = [
  ['patients', 'primary_clinic_id'],
  ['visits', 'clinic_id'],
  ['appointments', 'clinic_id'],
  ['prescriptions', 'pickup_clinic_id'],
  ['dispensing_records', 'clinic_id'],
];

/** The columns of clinical rows naming a user: the authors who travel with the rows. */
const authorColumns: readonly string[] = [
  'last_modified_by',
  'provider_id',
  'recorded_by_user_id',
  'user_id',
  'filled_by',
  'dispensed_by',
];

const clinical = new Set(tables.filter((t) => t.sync === 'device_writable').map((t) => t.name));
/** Tables every user receives whole. */
const everyone = new Set(['clinics', 'registration_forms', 'app_config', 'drug_catalogue']);

const patientOf = (table: string, row: Row) =>
  String(table === 'patients' ? row['id'] : row['patient_id']);

/** An event form's `clinic_ids`: a JSON list, or '' / '[]' for every clinic. */
function formClinics(value: unknown): string[] {
  if (typeof value !== 'string' || value.trim() === '') return [];
  const parsed: unknown = JSON.parse(value);
  return Array.isArray(parsed) ? parsed.map(String) : [];
}

/**
 * The rows `userId` (not a super administrator) may hold, table by table,
 * worked out from PROTOCOL.md's "Scope" alone, not from the server's scope
 * code: patients of their clinics (primary clinic, or a visit, appointment,
 * pickup or dispensing there) or followed, with every clinical row under
 * them; users sharing a clinic, the authors of those rows, and themselves,
 * others' emails only for administrators; event forms for every clinic or one of
 * theirs; departments and inventory of their clinics; the shared tables
 * whole. Their own permission rows are not here: the super administrator's
 * pull does not hold them (compare their ids with the server's table).
 *
 * @example
 * const expected = expectedScope(organisation, user.id);
 * compareContents(await device.contents(), expected);
 */
export function expectedScope(organisation: Organisation, userId: string): Record<string, Row[]> {
  const { rows } = organisation;
  const mine = organisation.clinicsOf.get(userId) ?? new Set<string>();
  const follows = organisation.followsOf.get(userId) ?? new Set<string>();
  const meets = (clinics: Iterable<string>) => [...clinics].some((c) => mine.has(c));

  const patients = new Set(follows);
  for (const [table, column] of clinicLinks) {
    for (const row of rows[table] ?? []) {
      if (mine.has(String(row[column]))) patients.add(patientOf(table, row));
    }
  }
  const expected: Record<string, Row[]> = {};
  const users = new Set([userId]);
  for (const table of clinical) {
    expected[table] = (rows[table] ?? []).filter((row) => patients.has(patientOf(table, row)));
    for (const row of expected[table]) {
      for (const column of authorColumns) {
        const author = row[column];
        if (typeof author === 'string' && author !== '') users.add(author);
      }
    }
  }
  for (const [other, clinics] of organisation.clinicsOf) if (meets(clinics)) users.add(other);
  const me = (rows['users'] ?? []).find((u) => u['id'] === userId);
  const administrator = me?.['role'] === 'admin' || me?.['role'] === 'super_admin';
  expected['users'] = (rows['users'] ?? [])
    .filter((u) => users.has(String(u['id'])))
    .map((u) => (administrator || u['id'] === userId ? u : { ...u, email: '' }));
  for (const table of everyone) expected[table] = [...(rows[table] ?? [])];
  expected['event_forms'] = (rows['event_forms'] ?? []).filter((form) => {
    const clinics = formClinics(form['clinic_ids']);
    return clinics.length === 0 || meets(clinics);
  });
  for (const table of ['clinic_departments', 'clinic_inventory']) {
    expected[table] = (rows[table] ?? []).filter((row) => mine.has(String(row['clinic_id'])));
  }
  return expected;
}
