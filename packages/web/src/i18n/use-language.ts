import { useTranslation } from 'react-i18next';
import { isLanguage } from './languages.js';
import type { Language } from './languages.js';

/**
 * The language shown now; components re-render when it changes.
 *
 * @example
 * const language = useLanguage(); // 'ar'
 * formatDateTime(visit.check_in_timestamp, language);
 */
export function useLanguage(): Language {
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? i18n.language;
  return isLanguage(language) ? language : 'en';
}
