import { applyLanguage } from './i18n.js';
import { saveLanguage } from './languages.js';
import type { Language } from './languages.js';

/**
 * The person chose a language: remembered on this device (every tab follows,
 * and it outlives sign-out) and shown at once.
 */
export async function chooseLanguage(language: Language): Promise<void> {
  saveLanguage(language);
  await applyLanguage(language);
}
