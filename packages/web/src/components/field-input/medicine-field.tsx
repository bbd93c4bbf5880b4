import { emptyMedicine } from '../../lib/form-fields.js';
import type { MedicineEntry } from '../../lib/form-fields.js';
import { EntryListField } from './entry-list-field.js';
import type { FieldProps } from './field-props.js';

const medicineParts: readonly { key: keyof MedicineEntry; label: string; numeric?: boolean }[] = [
  { key: 'name', label: 'Medicine' },
  { key: 'dose', label: 'Dose', numeric: true },
  { key: 'doseUnits', label: 'Dose units' },
  { key: 'route', label: 'Route' },
  { key: 'form', label: 'Form' },
  { key: 'frequency', label: 'Times a day', numeric: true },
  { key: 'duration', label: 'Duration', numeric: true },
  { key: 'durationUnits', label: 'Duration units' },
];

/**
 * A list of medicines, each with dose, route, form, frequency and duration;
 * a part the form gives options for is a choice, the others free input.
 */
export function MedicineField(props: FieldProps<MedicineEntry[]>) {
  const { field } = props;
  return (
    <EntryListField
      {...props}
      noun="medicine"
      blank={emptyMedicine}
      renderEntry={(entry, index, update, idPrefix) =>
        medicineParts.map((part) => {
          const choices = field.subOptions[part.key] ?? [];
          const inputId = `${idPrefix}-${part.key}`;
          return (
            <div key={part.key}>
              <label htmlFor={inputId}>{`${part.label} ${index + 1}`}</label>
              {choices.length > 0 ? (
                <select
                  id={inputId}
                  value={entry[part.key]}
                  onChange={(e) => update({ [part.key]: e.target.value })}
                >
                  <option value="">Choose…</option>
                  {choices.map((c) => (
                    <option key={c}>{c}</option>
                  ))}
                </select>
              ) : (
                <input
                  id={inputId}
                  value={entry[part.key]}
                  inputMode={part.numeric ? 'decimal' : undefined}
                  onChange={(e) => update({ [part.key]: e.target.value })}
                />
              )}
            </div>
          );
        })
      }
    />
  );
}
