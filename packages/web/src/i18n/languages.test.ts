import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadLanguage, saveLanguage } from './languages.js';

// What the browser offers, as the app reads it: its preferred languages and
// a localStorage (a Map stands in for the browser's own store).
function browser(languages: readonly string[]): void {
  const stored = new Map<string, string>();
  vi.stubGlobal('navigator', { languages, language: languages[0] });
  vi.stubGlobal('localStorage', {
    getItem: (key: string) => stored.get(key) ?? null,
    setItem: (key: string, value: string) => stored.set(key, value),
  });
}

describe('the language shown', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('is the browser’s language before any choice when it is Arabic or Spanish, else English', () => {
    browser(['ar-EG', 'en']);
    expect(loadLanguage()).toBe('ar');
    browser(['es-419']);
    expect(loadLanguage()).toBe('es');
    browser(['fr-FR', 'ar']);
    expect(loadLanguage()).toBe('en');
    browser([]);
    expect(loadLanguage()).toBe('en');
  });

  it('is the person’s choice once made, whatever the browser’s language', () => {
    browser(['ar']);
    saveLanguage('en');
    expect(loadLanguage()).toBe('en');
    saveLanguage('es');
    expect(loadLanguage()).toBe('es');
  });
});
