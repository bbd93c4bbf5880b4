import { useId } from 'react';
import type { DiagnosisEntry } from '../../lib/form-fields.js';
import { FieldsetFrame, useFieldIds } from './field-frame.js';
import type { FieldProps } from './field-props.js';

/** A list of diagnoses, each an ICD-10 code and a description; entries are added and removed. */
export function DiagnosisField({
  field,
  value,
  error,
  onChange,
  focusRef,
}: FieldProps<DiagnosisEntry[]>) {
  const ids = useFieldIds(field, error);
  const id = useId();
  const update = (index: number, change: Partial<DiagnosisEntry>) =>
    onChange(value.map((entry, i) => (i === index ? { ...entry, ...change } : entry)));
  return (
    <FieldsetFrame field={field} ids={ids} error={error} focusRef={focusRef}>
      <div className="entries">
        {value.map((entry, index) => (
          <div className="entry" key={index}>
            <div>
              <label htmlFor={`${id}-${index}-code`}>{`ICD-10 code ${index + 1}`}</label>
              <input
                id={`${id}-${index}-code`}
                value={entry.code}
                onChange={(e) => update(index, { code: e.target.value })}
              />
            </div>
            <div>
              <label htmlFor={`${id}-${index}-desc`}>{`Description ${index + 1}`}</label>
              <input
                id={`${id}-${index}-desc`}
                value={entry.desc}
                onChange={(e) => update(index, { desc: e.target.value })}
              />
            </div>
            <button
              type="button"
              className="secondary"
              onClick={() => onChange(value.filter((_, i) => i !== index))}
            >
              Remove diagnosis {index + 1}
            </button>
          </div>
        ))}
        <button
          type="button"
          className="secondary"
          onClick={() => onChange([...value, { code: '', desc: '' }])}
        >
          Add diagnosis
        </button>
      </div>
    </FieldsetFrame>
  );
}
