import i18next from 'i18next';
import type { i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en.js';
import type { Catalog } from './catalog.js';
import { directionOf } from './languages.js';
import type { Language } from './languages.js';

/**
 * The app's one i18next instance. English is bundled, as the default and the
 * fallback of every missing key; Arabic and Spanish are separate chunks,
 * loaded when chosen (the service worker precaches them, so they load offline).
 */
export const i18n: I18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  lng: 'en',
  fallbackLng: 'en',
  supportedLngs: ['en', 'ar', 'es'],
  resources: { en: { translation: en } },
  // Synchronous with bundled resources: t() works from the first render.
  initAsync: false,
  // React escapes what it renders.
  interpolation: { escapeValue: false },
  returnNull: false,
});

const loaders: Readonly<Record<Exclude<Language, 'en'>, () => Promise<Catalog>>> = {
  ar: () => import('./ar.js').then((module) => module.ar),
  es: () => import('./es.js').then((module) => module.es),
};

/** The catalog of `language`, loading its chunk the first time. */
export async function loadCatalog(language: Language): Promise<Catalog> {
  return language === 'en' ? en : loaders[language]();
}

/**
 * Shows the app in `language`: loads its catalog, switches i18next, and sets
 * `<html lang dir>` so the layout (logical CSS properties) mirrors for Arabic.
 *
 * @example
 * await applyLanguage('ar'); // document.documentElement.dir === 'rtl'
 */
export async function applyLanguage(language: Language): Promise<void> {
  if (!i18n.hasResourceBundle(language, 'translation')) {
    i18n.addResourceBundle(language, 'translation', await loadCatalog(language));
  }
  await i18n.changeLanguage(language);
  if (typeof document !== 'undefined') {
    document.documentElement.lang = language;
    document.documentElement.dir = directionOf(language);
  }
}
