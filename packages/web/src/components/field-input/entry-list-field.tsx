import { useId } from 'react';
import type { ReactNode } from 'react';
import { FieldsetFrame, useFieldIds } from './field-frame.js';
import type { FieldProps } from './field-props.js';

export interface EntryListFieldProps<E> extends FieldProps<E[]> {
  /** The add button's text: "Add diagnosis". */
  readonly addLabel: string;
  /** The remove button's text for entry `number` (from 1): "Remove diagnosis 2". */
  readonly removeLabel: (number: number) => string;
  /** A new, blank entry. */
  readonly blank: () => E;
  /**
   * The inputs of one entry. `idPrefix` is unique to the entry, for the
   * inputs' ids; `update` merges a change into it.
   */
  readonly renderEntry: (
    entry: E,
    index: number,
    update: (change: Partial<E>) => void,
    idPrefix: string,
  ) => ReactNode;
}

/**
 * A field whose answer is a list of entries (diagnoses, medicines): each
 * entry's inputs with a button to remove it, and a button to add one, in
 * one fieldset that takes focus when the answer is invalid.
 */
export function EntryListField<E>({
  field,
  value,
  error,
  onChange,
  focusRef,
  addLabel,
  removeLabel,
  blank,
  renderEntry,
}: EntryListFieldProps<E>) {
  const ids = useFieldIds(field, error);
  const id = useId();
  const update = (index: number) => (change: Partial<E>) =>
    onChange(value.map((entry, i) => (i === index ? { ...entry, ...change } : entry)));
  return (
    <FieldsetFrame field={field} ids={ids} error={error} focusRef={focusRef}>
      <div className="entries">
        {value.map((entry, index) => (
          <div className="entry" key={index}>
            {renderEntry(entry, index, update(index), `${id}-${index}`)}
            <button
              type="button"
              className="secondary"
              onClick={() => onChange(value.filter((_, i) => i !== index))}
            >
              {removeLabel(index + 1)}
            </button>
          </div>
        ))}
        <button type="button" className="secondary" onClick={() => onChange([...value, blank()])}>
          {addLabel}
        </button>
      </div>
    </FieldsetFrame>
  );
}
