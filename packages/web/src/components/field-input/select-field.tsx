import { useTranslation } from 'react-i18next';
import { controlProps, FieldFrame, useFieldIds } from './field-frame.js';
import type { FieldProps } from './field-props.js';

/** One of the field's options, or none yet. */
export function SelectField({ field, value, error, onChange, focusRef }: FieldProps<string>) {
  const { t } = useTranslation();
  const ids = useFieldIds(field, error);
  return (
    <FieldFrame field={field} ids={ids} error={error}>
      <select
        {...controlProps(field, ids, error)}
        ref={focusRef}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      >
        <option value="">{t('common.choose')}</option>
        {field.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}
