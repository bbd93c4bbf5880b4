/** The languages of the app; English is the default and the fallback. */
export const languages = ['en', 'ar', 'es'] as const;
export type Language = (typeof languages)[number];

/** Each language's name in itself, as a language menu lists them. */
export const languageNames: Readonly<Record<Language, string>> = {
  en: 'English',
  ar: 'العربية',
  es: 'Español',
};

const storageKey = 'clinicsync.language';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

/** Arabic is written right to left; the others left to right. */
export function directionOf(language: Language): 'rtl' | 'ltr' {
  return language === 'ar' ? 'rtl' : 'ltr';
}

/**
 * The language to show: the person's choice on this device when they made
 * one (kept across sign-out, as it belongs to the device, not the records),
 * else the browser's language when it is Arabic or Spanish, else English.
 *
 * @example
 * loadLanguage(); // 'ar' after saveLanguage('ar'), in every tab
 */
export function loadLanguage(): Language {
  const stored = globalThis.localStorage?.getItem(storageKey);
  if (isLanguage(stored)) return stored;
  const browser = (globalThis.navigator?.languages?.[0] ?? globalThis.navigator?.language ?? '')
    .toLowerCase()
    .split('-')[0];
  return isLanguage(browser) ? browser : 'en';
}

export function saveLanguage(language: Language): void {
  localStorage.setItem(storageKey, language);
}

/** Calls `onChange` when another tab saves a language choice. */
export function onLanguageSaved(onChange: (language: Language) => void): () => void {
  const listener = (event: StorageEvent) => {
    if (event.key === storageKey && isLanguage(event.newValue)) onChange(event.newValue);
  };
  window.addEventListener('storage', listener);
  return () => window.removeEventListener('storage', listener);
}
