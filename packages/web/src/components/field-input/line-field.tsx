import { controlProps, FieldFrame, useFieldIds } from './field-frame.js';
import type { FieldProps } from './field-props.js';

/** How each one-line kind is typed. */
const inputs = {
  /** Free text. */
  text: { type: 'text' },
  /** A calendar date, as `YYYY-MM-DD`. */
  date: { type: 'date' },
  /**
   * A number, typed as text with the decimal keypad: a `type="number"` input
   * would drop what it cannot parse instead of letting validation say why.
   */
  number: { type: 'text', inputMode: 'decimal' },
} as const;

/** A one-line answer: free text, a date or a number. */
export function LineField({
  kind,
  field,
  value,
  error,
  onChange,
  focusRef,
}: FieldProps<string> & { readonly kind: keyof typeof inputs }) {
  const ids = useFieldIds(field, error);
  return (
    <FieldFrame field={field} ids={ids} error={error}>
      <input
        {...controlProps(field, ids, error)}
        {...inputs[kind]}
        ref={focusRef}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </FieldFrame>
  );
}
