import type { DiagnosisEntry, FieldValue, MedicineEntry } from '../../lib/form-fields.js';
import { BooleanField } from './boolean-field.js';
import { DiagnosisField } from './diagnosis-field.js';
import type { FieldProps } from './field-props.js';
import { LineField } from './line-field.js';
import { MedicineField } from './medicine-field.js';
import { MultiselectField } from './multiselect-field.js';
import { SelectField } from './select-field.js';
import { TextareaField } from './textarea-field.js';

/**
 * One form field with its label, hint and error message: the component for
 * its kind. `value` has the shape `emptyValue(field)` gives that kind.
 *
 * @example
 * <FieldInput field={field} value={value} error={null} onChange={setValue} />
 */
export function FieldInput({ field, value, error, onChange, focusRef }: FieldProps<FieldValue>) {
  const common = { field, error, focusRef };
  switch (field.kind) {
    case 'diagnosis':
      return <DiagnosisField {...common} value={value as DiagnosisEntry[]} onChange={onChange} />;
    case 'medicine':
      return <MedicineField {...common} value={value as MedicineEntry[]} onChange={onChange} />;
    case 'multiselect':
      return <MultiselectField {...common} value={value as string[]} onChange={onChange} />;
    case 'boolean':
      return <BooleanField {...common} value={value as string} onChange={onChange} />;
    case 'select':
      return <SelectField {...common} value={value as string} onChange={onChange} />;
    case 'textarea':
      return <TextareaField {...common} value={value as string} onChange={onChange} />;
    case 'number':
    case 'date':
    case 'text':
      return (
        <LineField {...common} kind={field.kind} value={value as string} onChange={onChange} />
      );
  }
}
