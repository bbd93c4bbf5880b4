import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { directionOf, languages } from '../i18n/languages.js';
import type { Texts } from './form-draft.js';

/**
 * One text in English, Arabic and Spanish (a field's label, an option), a
 * group named by `legend`; each input is written in its own language's
 * direction, so Arabic is typed right to left whatever the console's language.
 */
export function TextsInput({
  legend,
  value,
  required,
  onChange,
}: {
  readonly legend: string;
  readonly value: Texts;
  /** Whether the English text is needed (a field's label is; Hikma's apps show it). */
  readonly required?: boolean;
  readonly onChange: (value: Texts) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <fieldset className="texts-input">
      <legend>{legend}</legend>
      {languages.map((language) => (
        <div key={language} className="texts-input-line">
          <label htmlFor={`${id}-${language}`}>{t(`admin.forms.languages.${language}`)}</label>
          <input
            id={`${id}-${language}`}
            lang={language}
            dir={directionOf(language)}
            required={required === true && language === 'en'}
            value={value[language]}
            onChange={(event) => onChange({ ...value, [language]: event.target.value })}
          />
        </div>
      ))}
    </fieldset>
  );
}
