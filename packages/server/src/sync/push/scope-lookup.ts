import type { Table } from '@clinicsync/schema';
import { wholeOrganisation } from '../../scope/user-scope.js';
import type { UserScope } from '../../scope/user-scope.js';
import type { PushScopeInputs } from './read-push-scope.js';
import type { Values } from './record-view.js';
import { patientOf } from './record-view.js';
import { ownClinicColumns, text } from './record-links.js';

/**
 * What a push's records are judged against: the server's state as read
 * before judging, updated with the push's own accepted patients and visits
 * (judged first), so a child sees its parent as this push leaves it.
 */
export class ScopeLookup {
  /** Patients this push creates and that are accepted: children may hang under them. */
  private readonly newPatients = new Set<string>();
  private readonly pushedPrimaryClinics = new Map<string, string>();
  private readonly pushedVisitClinics = new Map<string, string>();

  constructor(
    readonly scope: UserScope,
    private readonly homeClinicId: string,
    private readonly inputs: PushScopeInputs,
  ) {}

  /** Records an accepted patient or visit of this push, as it will be stored. */
  accepted(table: Table, id: string, created: boolean, after: Values): void {
    if (table.name === 'patients') {
      if (created) this.newPatients.add(id);
      this.pushedPrimaryClinics.set(id, text(after('primary_clinic_id')));
    } else if (table.name === 'visits') {
      this.pushedVisitClinics.set(id, text(after('clinic_id')));
    }
  }

  /** Whether a record may hang under `patientId`: in reach now, or created by this push. */
  reaches(patientId: string): boolean {
    if (this.scope.whole) return true;
    return (
      patientId !== '' &&
      (this.inputs.patientsInReach.has(patientId) || this.newPatients.has(patientId))
    );
  }

  /** Whether `userId` is a member of `clinicId` now (or of the whole organisation). */
  isMember(userId: string, clinicId: string): boolean {
    const clinics = this.inputs.memberships.get(userId);
    return clinics?.has(clinicId) === true || clinics?.has(wholeOrganisation) === true;
  }

  /**
   * The clinic a record with `values` belongs to: its own clinic column when
   * set, else its visit's clinic, else its patient's primary clinic when the
   * user belongs to it, else the user's home clinic (a followed patient of
   * another clinic).
   */
  clinicOf(table: Table, values: Values): string {
    const own = ownClinicColumns.get(table.name);
    const ownClinic = own ? text(values(own)) : '';
    if (ownClinic !== '') return ownClinic;
    const visit = table.columnsByName.has('visit_id') ? text(values('visit_id')) : '';
    if (visit !== '') {
      const visitClinic =
        this.pushedVisitClinics.get(visit) ?? this.inputs.visitClinics.get(visit) ?? '';
      if (visitClinic !== '') return visitClinic;
    }
    const patient = patientOf(table, values);
    const primary =
      this.pushedPrimaryClinics.get(patient) ?? this.inputs.primaryClinics.get(patient) ?? '';
    if (primary !== '' && this.scope.inClinic(primary)) return primary;
    return this.homeClinicId;
  }
}
