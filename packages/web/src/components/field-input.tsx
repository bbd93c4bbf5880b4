import { useId } from 'react';
import { emptyMedicine } from '../lib/form-fields.js';
import type { DiagnosisEntry, FieldValue, FormField, MedicineEntry } from '../lib/form-fields.js';

interface FieldInputProps {
  readonly field: FormField;
  readonly value: FieldValue;
  readonly error: string | null;
  readonly onChange: (value: FieldValue) => void;
}

/** One form field with its label, hint and error message, whatever its kind. */
export function FieldInput({ field, value, error, onChange }: FieldInputProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy =
    [field.description ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
    required: field.required,
  } as const;
  const label = `${field.label}${field.units.length > 0 ? ` (${field.units.join(', ')})` : ''}`;
  const labelText = (
    <>
      {label}
      {field.required ? <span aria-hidden="true"> *</span> : null}
    </>
  );
  const hint = field.description ? (
    <p className="hint" id={hintId}>
      {field.description}
    </p>
  ) : null;
  const message = error ? (
    <p className="field-error" id={errorId}>
      {error}
    </p>
  ) : null;

  if (field.kind === 'diagnosis' || field.kind === 'medicine' || field.kind === 'multiselect') {
    return (
      <fieldset className="field" aria-describedby={describedBy}>
        <legend>{labelText}</legend>
        {hint}
        {field.kind === 'diagnosis' ? (
          <DiagnosisInput entries={value as DiagnosisEntry[]} onChange={onChange} />
        ) : field.kind === 'medicine' ? (
          <MedicineInput field={field} entries={value as MedicineEntry[]} onChange={onChange} />
        ) : (
          field.options.map((option) => {
            const chosen = value as string[];
            return (
              <label key={option.value} className="check">
                <input
                  type="checkbox"
                  checked={chosen.includes(option.value)}
                  onChange={(e) =>
                    onChange(
                      e.target.checked
                        ? [...chosen, option.value]
                        : chosen.filter((v) => v !== option.value),
                    )
                  }
                />
                {option.label}
              </label>
            );
          })
        )}
        {message}
      </fieldset>
    );
  }

  const text = value as string;
  let control;
  switch (field.kind) {
    case 'textarea':
      control = (
        <textarea {...common} value={text} rows={3} onChange={(e) => onChange(e.target.value)} />
      );
      break;
    case 'select':
      control = (
        <select {...common} value={text} onChange={(e) => onChange(e.target.value)}>
          <option value="">Choose…</option>
          {field.options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      );
      break;
    case 'boolean':
      return (
        <div className="field">
          <label className="check" htmlFor={id}>
            <input
              {...common}
              type="checkbox"
              checked={text === 'true'}
              onChange={(e) => onChange(e.target.checked ? 'true' : '')}
            />
            {labelText}
          </label>
          {hint}
          {message}
        </div>
      );
    default:
      control = (
        <input
          {...common}
          type={field.kind === 'number' ? 'text' : field.kind === 'date' ? 'date' : 'text'}
          inputMode={field.kind === 'number' ? 'decimal' : undefined}
          value={text}
          onChange={(e) => onChange(e.target.value)}
        />
      );
  }
  return (
    <div className="field">
      <label htmlFor={id}>{labelText}</label>
      {hint}
      {control}
      {message}
    </div>
  );
}

function DiagnosisInput({
  entries,
  onChange,
}: {
  readonly entries: DiagnosisEntry[];
  readonly onChange: (value: DiagnosisEntry[]) => void;
}) {
  const id = useId();
  const update = (index: number, change: Partial<DiagnosisEntry>) =>
    onChange(entries.map((entry, i) => (i === index ? { ...entry, ...change } : entry)));
  return (
    <div className="entries">
      {entries.map((entry, index) => (
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
            onClick={() => onChange(entries.filter((_, i) => i !== index))}
          >
            Remove diagnosis {index + 1}
          </button>
        </div>
      ))}
      <button
        type="button"
        className="secondary"
        onClick={() => onChange([...entries, { code: '', desc: '' }])}
      >
        Add diagnosis
      </button>
    </div>
  );
}

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

function MedicineInput({
  field,
  entries,
  onChange,
}: {
  readonly field: FormField;
  readonly entries: MedicineEntry[];
  readonly onChange: (value: MedicineEntry[]) => void;
}) {
  const id = useId();
  const update = (index: number, change: Partial<MedicineEntry>) =>
    onChange(entries.map((entry, i) => (i === index ? { ...entry, ...change } : entry)));
  return (
    <div className="entries">
      {entries.map((entry, index) => (
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
            onClick={() => onChange(entries.filter((_, i) => i !== index))}
          >
            Remove medicine {index + 1}
          </button>
        </div>
      ))}
      <button
        type="button"
        className="secondary"
        onClick={() => onChange([...entries, emptyMedicine()])}
      >
        Add medicine
      </button>
    </div>
  );
}
