import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { chooseLanguage } from '../i18n/choose-language.js';
import { isLanguage, languageNames, languages } from '../i18n/languages.js';
import { useLanguage } from '../i18n/use-language.js';

/**
 * The language menu: each language named in itself (so a person who cannot
 * read the current one still finds theirs), the choice kept on this device.
 */
export function LanguageMenu({ hint }: { readonly hint?: string }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{t('common.language')}</label>
      <select
        id={id}
        value={language}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onChange={(e) => {
          if (isLanguage(e.target.value)) void chooseLanguage(e.target.value);
        }}
      >
        {languages.map((code) => (
          <option key={code} value={code} lang={code}>
            {languageNames[code]}
          </option>
        ))}
      </select>
      {hint ? (
        <p className="muted" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}
