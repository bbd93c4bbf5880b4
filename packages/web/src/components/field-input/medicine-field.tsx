import { useId } from 'react';
import { emptyMedicine } from '../../lib/form-fields.js';
import type { MedicineEntry } from '../../lib/form-fields.js';
import { FieldsetFrame, useFieldIds } from './field-frame.js';
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
export function MedicineField({
  field,
  value,
  error,
  onChange,
  focusRef,
}: FieldProps<MedicineEntry[]>) {
  const ids = useFieldIds(field, error);
  const id = useId();
  const update = (index: number, change: Partial<MedicineEntry>) =>
    onChange(value.map((entry, i) => (i === index ? { ...entry, ...change } : entry)));
  return (
    <FieldsetFrame field={field} ids={ids} error={error} focusRef={focusRef}>
      <div className="entries">
        {value.map((entry, index) => (
          <div className="entry" key={index}>
            {medicineParts.map((part) => {
              const choices = field.subOptions[part.key] ?? [];
              const inputId = `${id}-${index}-${part.key}`;
              return (
                <div key={part.key}>
                  <label htmlFor={inputId}>{`${part.label} ${index + 1}`}</label>
                  {choices.length > 0 ? (
                    <select
                      id={inputId}
                      value={entry[part.key]}
                      onChange={(e) => update(index, { [part.key]: e.target.value })}
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
                      onChange={(e) => update(index, { [part.key]: e.target.value })}
                    />
                  )}
                </div>
              );
            })}
            <button
              type="button"
              className="secondary"
              onClick={() => onChange(value.filter((_, i) => i !== index))}
            >
              Remove medicine {index + 1}
            </button>
          </div>
        ))}
        <button
          type="button"
          className="secondary"
          onClick={() => onChange([...value, emptyMedicine()])}
        >
          Add medicine
        </button>
      </div>
    </FieldsetFrame>
  );
}
