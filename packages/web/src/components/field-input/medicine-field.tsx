import { useTranslation } from 'react-i18next';
import { emptyMedicine } from '../../lib/form-fields.js';
import type { MedicineEntry } from '../../lib/form-fields.js';
import { EntryListField } from './entry-list-field.js';
import type { FieldProps } from './field-props.js';

/** Each part of a medicine entry; its label is `form.medicine.<key>` in the catalogs. */
const medicineParts: readonly { key: keyof MedicineEntry; numeric?: boolean }[] = [
  { key: 'name' },
  { key: 'dose', numeric: true },
  { key: 'doseUnits' },
  { key: 'route' },
  { key: 'form' },
  { key: 'frequency', numeric: true },
  { key: 'duration', numeric: true },
  { key: 'durationUnits' },
];

/**
 * A list of medicines, each with dose, route, form, frequency and duration;
 * a part the form gives options for is a choice, the others free input.
 */
export function MedicineField(props: FieldProps<MedicineEntry[]>) {
  const { t } = useTranslation();
  const { field } = props;
  return (
    <EntryListField
      {...props}
      addLabel={t('form.addMedicine')}
      removeLabel={(number) => t('form.removeMedicine', { number })}
      blank={emptyMedicine}
      renderEntry={(entry, index, update, idPrefix) =>
        medicineParts.map((part) => {
          const choices = field.subOptions[part.key] ?? [];
          const inputId = `${idPrefix}-${part.key}`;
          return (
            <div key={part.key}>
              <label htmlFor={inputId}>
                {t(`form.medicine.${part.key}`, { number: index + 1 })}
              </label>
              {choices.length > 0 ? (
                <select
                  id={inputId}
                  value={entry[part.key]}
                  onChange={(e) => update({ [part.key]: e.target.value })}
                >
                  <option value="">{t('common.choose')}</option>
                  {choices.map((c) => (
                    <option key={c}>{c}</option>
                  ))}
                </select>
              ) : (
                <input
                  id={inputId}
                  value={entry[part.key]}
                  inputMode={part.numeric ? 'decimal' : undefined}
                  onChange={(e) => update({ [part.key]: e.target.value })}
                />
              )}
            </div>
          );
        })
      }
    />
  );
}
