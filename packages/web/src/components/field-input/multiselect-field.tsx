import { FieldsetFrame, useFieldIds } from './field-frame.js';
import type { FieldProps } from './field-props.js';

/** Any number of the field's options, one checkbox each. */
export function MultiselectField({
  field,
  value,
  error,
  onChange,
  focusRef,
}: FieldProps<string[]>) {
  const ids = useFieldIds(field, error);
  return (
    <FieldsetFrame field={field} ids={ids} error={error} focusRef={focusRef}>
      {field.options.map((option) => (
        <label key={option.value} className="check">
          <input
            type="checkbox"
            checked={value.includes(option.value)}
            onChange={(e) =>
              onChange(
                e.target.checked
                  ? [...value, option.value]
                  : value.filter((v) => v !== option.value),
              )
            }
          />
          {option.label}
        </label>
      ))}
    </FieldsetFrame>
  );
}
