import { controlProps, FieldFrame, useFieldIds } from './field-frame.js';
import type { FieldProps } from './field-props.js';

/**
 * A number, typed as text with the decimal keypad: a `type="number"` input
 * would drop what it cannot parse instead of letting validation say why.
 */
export function NumberField({ field, value, error, onChange, focusRef }: FieldProps<string>) {
  const ids = useFieldIds(field, error);
  return (
    <FieldFrame field={field} ids={ids} error={error}>
      <input
        {...controlProps(field, ids, error)}
        ref={focusRef}
        type="text"
        inputMode="decimal"
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </FieldFrame>
  );
}
