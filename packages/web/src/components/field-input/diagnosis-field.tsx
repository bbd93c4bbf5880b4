import { useTranslation } from 'react-i18next';
import type { DiagnosisEntry } from '../../lib/form-fields.js';
import { EntryListField } from './entry-list-field.js';
import type { FieldProps } from './field-props.js';

/** A list of diagnoses, each an ICD-10 code and a description; entries are added and removed. */
export function DiagnosisField(props: FieldProps<DiagnosisEntry[]>) {
  const { t } = useTranslation();
  return (
    <EntryListField
      {...props}
      addLabel={t('form.addDiagnosis')}
      removeLabel={(number) => t('form.removeDiagnosis', { number })}
      blank={() => ({ code: '', desc: '' })}
      renderEntry={(entry, index, update, idPrefix) => (
        <>
          <div>
            <label htmlFor={`${idPrefix}-code`}>{t('form.icdCode', { number: index + 1 })}</label>
            <input
              id={`${idPrefix}-code`}
              value={entry.code}
              onChange={(e) => update({ code: e.target.value })}
            />
          </div>
          <div>
            <label htmlFor={`${idPrefix}-desc`}>
              {t('form.diagnosisDescription', { number: index + 1 })}
            </label>
            <input
              id={`${idPrefix}-desc`}
              value={entry.desc}
              onChange={(e) => update({ desc: e.target.value })}
            />
          </div>
        </>
      )}
    />
  );
}
