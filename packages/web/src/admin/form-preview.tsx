import { useEffect, useId, useMemo, useState } from 'react';
import type { i18n as I18n } from 'i18next';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { FieldInput } from '../components/field-input/field-input.js';
import { i18n, loadCatalog } from '../i18n/i18n.js';
import { directionOf, languageNames, languages } from '../i18n/languages.js';
import type { Language } from '../i18n/languages.js';
import { emptyValue, readFields } from '../lib/form-fields.js';
import type { FieldValue, FormField } from '../lib/form-fields.js';

/**
 * An i18next of its own in `language`, sharing the app's catalogs: the
 * preview's field components speak the previewed language while the
 * console stays in its own. Null while the catalog loads.
 */
function usePreviewI18n(language: Language): I18n | null {
  const [instance, setInstance] = useState<I18n | null>(null);
  useEffect(() => {
    let current = true;
    const clone = i18n.cloneInstance({ lng: language });
    loadCatalog(language)
      .then(async (catalog) => {
        if (!clone.hasResourceBundle(language, 'translation')) {
          clone.addResourceBundle(language, 'translation', catalog);
        }
        await clone.changeLanguage(language);
        if (current) setInstance(clone);
      })
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [language]);
  return instance?.language === language ? instance : null;
}

/** The fields as the clinician app shows them, answers kept while the form is edited. */
function PreviewFields({ fields }: { readonly fields: readonly FormField[] }) {
  const [values, setValues] = useState<Readonly<Record<string, FieldValue>>>({});
  return (
    <div className="form-grid">
      {fields.map((field) => {
        // By kind too: a field whose type changes starts again with the new type's empty answer.
        const key = `${field.id}/${field.kind}`;
        return (
          <FieldInput
            key={key}
            field={field}
            value={values[key] ?? emptyValue(field)}
            error={null}
            onChange={(value) => setValues((old) => ({ ...old, [key]: value }))}
          />
        );
      })}
    </div>
  );
}

/**
 * The form as the clinician app will show it, with the app's own field
 * components (they need no database), in English, Arabic (right to left)
 * or Spanish. `formFields` is the JSON the form is saved with, read as the
 * app reads it.
 */
export function FormPreview({
  name,
  formFields,
}: {
  readonly name: string;
  readonly formFields: string;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [language, setLanguage] = useState<Language>('en');
  const previewI18n = usePreviewI18n(language);
  const fields = useMemo(() => readFields(formFields, language), [formFields, language]);
  return (
    <section className="form-preview" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('admin.forms.preview')}</h3>
      <label htmlFor={`${id}-language`}>{t('admin.forms.previewLanguage')}</label>
      <select
        id={`${id}-language`}
        value={language}
        onChange={(event) => setLanguage(event.target.value as Language)}
      >
        {languages.map((l) => (
          <option key={l} value={l} lang={l}>
            {languageNames[l]}
          </option>
        ))}
      </select>
      <div
        className="preview-page"
        lang={language}
        dir={directionOf(language)}
        data-testid="form-preview"
      >
        <p className="preview-title">{name}</p>
        {previewI18n ? (
          <I18nextProvider i18n={previewI18n}>
            <PreviewFields fields={fields} />
          </I18nextProvider>
        ) : (
          <p role="status">{t('common.loading')}</p>
        )}
      </div>
    </section>
  );
}
