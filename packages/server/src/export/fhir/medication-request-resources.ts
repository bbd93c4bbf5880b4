import type { AnyWireRow } from '@clinicsync/schema';
import { compact, instant, metaOf, numberOf, reference, text } from './fhir-values.js';
import type { FhirResource, FhirSource } from './fhir-values.js';

/** One medicine of a prescription, from a `prescription_items` row or the `items` JSON. */
interface Medicine {
  readonly id: string;
  readonly name: string | undefined;
  readonly dosage: string | undefined;
  readonly quantity: number | undefined;
  readonly refills: number | undefined;
  readonly note: string | undefined;
}

/** Hikma's prescription status as MedicationRequest's. */
const statuses: Readonly<Record<string, string>> = {
  pending: 'active',
  'partially-picked-up': 'active',
  'picked-up': 'completed',
  'not-picked-up': 'stopped',
  cancelled: 'cancelled',
  canceled: 'cancelled',
};

/** Hikma's priority as FHIR's request priority. */
const priorities: Readonly<Record<string, string>> = {
  low: 'routine',
  normal: 'routine',
  high: 'urgent',
  emergency: 'stat',
};

/** A prescription's live `prescription_items`, with the drug's name (the `extra` of each row). */
const itemsSql = `(SELECT json_agg(json_build_object(
     'id', i.id, 'name', coalesce(d.generic_name, i.drug_id), 'dosage', i.dosage_instructions,
     'quantity', i.quantity_prescribed, 'refills', i.refills_authorized, 'note', i.notes) ORDER BY i.id)
   FROM prescription_items i LEFT JOIN drug_catalogue d ON d.id = i.drug_id
  WHERE i.prescription_id = t.id AND NOT i._deleted AND NOT i.is_deleted)::text`;

/** The dosage a Hikma medication entry describes, as one line of text. */
function dosageText(entry: Record<string, unknown>): string | undefined {
  const parts = [
    [entry['dose'], entry['doseUnits']],
    [entry['route']],
    entry['frequency'] ? [`${String(entry['frequency'])} times a day`] : [],
    entry['duration'] ? ['for', entry['duration'], entry['durationUnits']] : [],
  ]
    .map((p) => p.filter((v) => v !== undefined && v !== null && v !== '').join(' '))
    .filter((p) => p !== '');
  return parts.length > 0 ? parts.join(', ') : undefined;
}

/**
 * A prescription's medicines: its `prescription_items` rows (ids theirs)
 * or, when it has none, the entries of its `items` JSON, as the Hikma app
 * writes them (ids the prescription's and the entry's place, stable).
 */
function medicinesOf(row: AnyWireRow, extra: unknown): Medicine[] {
  if (Array.isArray(extra) && extra.length > 0) {
    return (extra as Record<string, unknown>[]).map((item) => ({
      id: String(item['id']),
      name: text(item['name']),
      dosage: text(item['dosage']),
      quantity: numberOf(item['quantity']),
      refills: numberOf(item['refills']),
      note: text(item['note']),
    }));
  }
  let entries: unknown;
  try {
    entries = JSON.parse(String(row['items'] || '[]'));
  } catch {
    return [];
  }
  if (!Array.isArray(entries)) return [];
  return entries
    .filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null)
    .map((entry, index) => ({
      id: `${row.id}-${index + 1}`,
      name: text(entry['name']),
      dosage: dosageText(entry),
      quantity: numberOf(entry['quantity']),
      refills: undefined,
      note: undefined,
    }));
}

/**
 * `prescriptions` → one MedicationRequest per medicine prescribed, for the
 * patient, in the visit, by the provider, with the quantity to dispense and
 * the prescription's expiry.
 */
export const medicationRequestSource: FhirSource = {
  table: 'prescriptions',
  extraSql: itemsSql,
  toResources(row, extra) {
    const status = statuses[String(row['status']).trim().toLowerCase()] ?? 'unknown';
    const priority = priorities[String(row['priority']).trim().toLowerCase()];
    const expires = instant(row['expiration_date']);
    const notes = text(row['notes']);
    return medicinesOf(row, extra).map((medicine): FhirResource => {
      const dispense = compact({
        validityPeriod: expires ? { end: expires } : undefined,
        numberOfRepeatsAllowed:
          medicine.refills !== undefined && medicine.refills >= 0
            ? Math.floor(medicine.refills)
            : undefined,
        quantity: medicine.quantity === undefined ? undefined : { value: medicine.quantity },
      });
      const note = [medicine.note, notes].filter((n): n is string => n !== undefined);
      // FHIR allows no empty array or object: an element without content is left out.
      return compact({
        resourceType: 'MedicationRequest',
        id: medicine.id,
        meta: metaOf(row),
        status,
        intent: 'order',
        priority,
        medicationCodeableConcept: { text: medicine.name ?? 'unnamed medicine' },
        subject: reference('Patient', row['patient_id']),
        encounter: reference('Encounter', row['visit_id']),
        authoredOn: instant(row['prescribed_at']) ?? instant(row['created_at']),
        requester: reference('Practitioner', row['provider_id']),
        note: note.length > 0 ? note.map((n) => ({ text: n })) : undefined,
        dosageInstruction: medicine.dosage ? [{ text: medicine.dosage }] : undefined,
        dispenseRequest: Object.keys(dispense).length > 0 ? dispense : undefined,
      });
    });
  },
};
