import { controlProps, FieldFrame, useFieldIds } from './field-frame.js';
import type { FieldProps } from './field-props.js';

/** A calendar date, as `YYYY-MM-DD`. */
export function DateField({ field, value, error, onChange, focusRef }: FieldProps<string>) {
  const ids = useFieldIds(field, error);
  return (
    <FieldFrame field={field} ids={ids} error={error}>
      <input
        {...controlProps(field, ids, error)}
        ref={focusRef}
        type="date"
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </FieldFrame>
  );
}
