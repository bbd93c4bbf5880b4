import { controlProps, FieldFrame, useFieldIds } from './field-frame.js';
import type { FieldProps } from './field-props.js';

/** Several lines of free text. */
export function TextareaField({ field, value, error, onChange, focusRef }: FieldProps<string>) {
  const ids = useFieldIds(field, error);
  return (
    <FieldFrame field={field} ids={ids} error={error}>
      <textarea
        {...controlProps(field, ids, error)}
        ref={focusRef}
        rows={3}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </FieldFrame>
  );
}
