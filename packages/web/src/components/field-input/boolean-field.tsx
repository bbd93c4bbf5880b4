import { controlProps, FieldError, FieldHint, FieldLabel, useFieldIds } from './field-frame.js';
import type { FieldProps } from './field-props.js';

/** A yes-or-no checkbox, labelled on its right; the answer is `'true'` or `''`. */
export function BooleanField({ field, value, error, onChange, focusRef }: FieldProps<string>) {
  const ids = useFieldIds(field, error);
  return (
    <div className="field">
      <label className="check" htmlFor={ids.control}>
        <input
          {...controlProps(field, ids, error)}
          ref={focusRef}
          type="checkbox"
          checked={value === 'true'}
          onChange={(e) => onChange(e.target.checked ? 'true' : '')}
        />
        <FieldLabel field={field} />
      </label>
      <FieldHint field={field} ids={ids} />
      <FieldError ids={ids} error={error} />
    </div>
  );
}
