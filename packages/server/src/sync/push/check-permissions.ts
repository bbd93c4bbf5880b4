import type { PermissionFlag, TableName } from '@clinicsync/schema';
import type { Flags } from '../../scope/user-scope.js';

/** What a pushed record does to the server, decided by whether its id exists there. */
export type Operation = 'create' | 'edit' | 'delete';

/*
 * The write rule (PROTOCOL.md, "Scope"; docs/api.md, "Push"). The flags are
 * those the user holds in the clinic the record belongs to; any one listed
 * allows the write.
 *
 * | operation | table                                   | flags                                                   |
 * | --------- | --------------------------------------- | ------------------------------------------------------- |
 * | create    | patients, patient_additional_attributes | can_register_patients or can_edit_records               |
 * | create    | prescriptions, prescription_items       | can_prescribe_medications or can_edit_records           |
 * | create    | dispensing_records                      | can_dispense_medications or can_edit_records            |
 * | create    | any other                               | can_edit_records                                        |
 * | edit      | any                                     | can_edit_records                                        |
 * | delete    | patients                                | can_delete_records or can_delete_patient_records        |
 * | delete    | visits                                  | can_delete_records or can_delete_patient_visits         |
 * | delete    | any other                               | can_delete_records                                      |
 *
 * Creating a record with `can_edit_records` alone predates scope and is kept:
 * the specific flags let a registrar, prescriber or dispenser create their
 * records without the general right to edit.
 */
const createFlags: Partial<Record<TableName, PermissionFlag>> = {
  patients: 'can_register_patients',
  patient_additional_attributes: 'can_register_patients',
  prescriptions: 'can_prescribe_medications',
  prescription_items: 'can_prescribe_medications',
  dispensing_records: 'can_dispense_medications',
};

const deleteFlags: Partial<Record<TableName, PermissionFlag>> = {
  patients: 'can_delete_patient_records',
  visits: 'can_delete_patient_visits',
};

/**
 * The flags any one of which allows `operation` on a record of `table`.
 *
 * @example
 * flagsAllowing('visits', 'delete'); // ['can_delete_records', 'can_delete_patient_visits']
 */
export function flagsAllowing(table: TableName, operation: Operation): PermissionFlag[] {
  switch (operation) {
    case 'create': {
      const specific = createFlags[table];
      return specific ? [specific, 'can_edit_records'] : ['can_edit_records'];
    }
    case 'edit':
      return ['can_edit_records'];
    case 'delete': {
      const specific = deleteFlags[table];
      return specific ? ['can_delete_records', specific] : ['can_delete_records'];
    }
  }
}

/** Whether `flags` (of the record's clinic) allow `operation` on a record of `table`. */
export function permits(flags: Flags, table: TableName, operation: Operation): boolean {
  return flagsAllowing(table, operation).some((flag) => flags[flag]);
}
