import type { RejectedRecord, Table } from '@clinicsync/schema';
import { permits } from './check-permissions.js';
import { ownClinicColumns, text } from './record-links.js';
import type { RecordView, Values } from './record-view.js';
import { patientOf } from './record-view.js';
import type { ScopeLookup } from './scope-lookup.js';

type Reason = RejectedRecord['reason'];

/**
 * Why a create or edit may not be written, or undefined when it may.
 * `out_of_scope`: an edit of a record whose patient is not in reach; a new
 * patient, or a patient moved, to a clinic not the user's; a record put
 * under a patient not in reach; a record given a clinic (new or changed,
 * non-empty) not the user's. `forbidden`: the flag missing in the record's
 * `clinic` (and in its clinic before, for an edit that moves it), or a new
 * or changed `provider_id` not a member of `clinic`.
 */
export function writeRefusal(
  table: Table,
  view: RecordView,
  clinic: string,
  lookup: ScopeLookup,
): Reason | undefined {
  const { scope } = lookup;
  if (view.stored && !lookup.reaches(patientOf(table, view.before))) return 'out_of_scope';
  if (table.name === 'patients') {
    if (!view.stored || view.changes('primary_clinic_id')) {
      if (!scope.inClinic(text(view.after('primary_clinic_id')))) return 'out_of_scope';
    }
  } else {
    const patientMoves = !view.stored || view.changes('patient_id');
    if (patientMoves && !lookup.reaches(patientOf(table, view.after))) return 'out_of_scope';
    const own = ownClinicColumns.get(table.name);
    if (own && view.changes(own)) {
      const value = text(view.after(own));
      if (value !== '' && !scope.inClinic(value)) return 'out_of_scope';
    }
  }
  if (!permits(scope.flagsIn(clinic), table.name, view.operation)) return 'forbidden';
  if (view.stored) {
    const before = lookup.clinicOf(table, view.before);
    if (before !== clinic && !permits(scope.flagsIn(before), table.name, 'edit')) {
      return 'forbidden';
    }
  }
  if (table.columnsByName.has('provider_id') && view.changes('provider_id')) {
    const provider = text(view.after('provider_id'));
    if (provider !== '' && !lookup.isMember(provider, clinic)) return 'forbidden';
  }
  return undefined;
}

/** Why a delete of a live row may not be written: its patient out of reach, or the flag missing. */
export function deleteRefusal(
  table: Table,
  before: Values,
  clinic: string,
  lookup: ScopeLookup,
): Reason | undefined {
  if (!lookup.reaches(patientOf(table, before))) return 'out_of_scope';
  if (!permits(lookup.scope.flagsIn(clinic), table.name, 'delete')) return 'forbidden';
  return undefined;
}
