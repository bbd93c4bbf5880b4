import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ar } from './ar.js';
import type { Catalog } from './catalog.js';
import { en } from './en.js';
import { es } from './es.js';

// Every message of the app exists in every language, with the same
// variables, and with each plural form its language needs (CLDR's, as
// Intl.PluralRules and so i18next choose them).

const pluralSuffix = /_(zero|one|two|few|many|other)$/;

function flatten(catalog: Catalog, prefix = ''): Map<string, string> {
  const flat = new Map<string, string>();
  for (const [key, value] of Object.entries(catalog)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') flat.set(path, value);
    else for (const [k, v] of flatten(value, path)) flat.set(k, v);
  }
  return flat;
}

const variablesOf = (text: string) =>
  [...text.matchAll(/\{\{\s*(\w+)[^}]*\}\}/g)].map((m) => m[1] ?? '').sort();

interface Message {
  /** Plural category → text; a message without a count has only `''`. */
  readonly forms: Map<string, string>;
}

function messages(catalog: Catalog): Map<string, Message> {
  const found = new Map<string, Message>();
  for (const [key, text] of flatten(catalog)) {
    const suffix = pluralSuffix.exec(key);
    const base = suffix ? key.slice(0, suffix.index) : key;
    const message = found.get(base) ?? { forms: new Map<string, string>() };
    message.forms.set(suffix?.[1] ?? '', text);
    found.set(base, message);
  }
  return found;
}

/** What is wrong with `catalog` (in `language`) against the English one; empty when nothing. */
function problemsOf(language: string, catalog: Catalog, reference: Catalog = en): string[] {
  const problems: string[] = [];
  const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
  const theirs = messages(catalog);
  for (const [key, english] of messages(reference)) {
    const message = theirs.get(key);
    if (!message) {
      problems.push(`${key}: missing`);
      continue;
    }
    const plural = !english.forms.has('');
    if (plural) {
      for (const category of categories) {
        if (!message.forms.has(category)) problems.push(`${key}_${category}: missing`);
      }
      for (const form of message.forms.keys()) {
        if (!(categories as readonly string[]).includes(form)) {
          problems.push(`${key}${form ? `_${form}` : ''}: not a plural form of ${language}`);
        }
      }
      if (!variablesOf(message.forms.get('other') ?? '').includes('count')) {
        problems.push(`${key}_other: has no {{count}}`);
      }
    } else if (!message.forms.has('') || message.forms.size > 1) {
      problems.push(`${key}: has plural forms in ${language} only`);
    }
    // A form may say the number in words ("دقيقتان"): count aside, every
    // variable of the English message is in every form, and no other.
    const expected = variablesOf([...english.forms.values()].join(' ')).filter(
      (v) => v !== 'count',
    );
    for (const [form, text] of message.forms) {
      const got = variablesOf(text).filter((v) => v !== 'count');
      if ([...new Set(got)].join() !== [...new Set(expected)].join()) {
        problems.push(
          `${key}${form ? `_${form}` : ''}: variables ${got.join()} instead of ${expected.join()}`,
        );
      }
    }
  }
  for (const key of theirs.keys()) {
    if (!messages(reference).has(key)) problems.push(`${key}: not in English`);
  }
  return problems;
}

/** The keys the app's code passes to t() as plain strings. */
function keysInCode(): string[] {
  const src = fileURLToPath(new URL('..', import.meta.url));
  const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter(
    (f) => /\.tsx?$/.test(f) && !f.endsWith('.test.ts'),
  );
  const keys = new Set<string>();
  for (const file of files) {
    const text = readFileSync(join(src, file), 'utf8');
    for (const m of text.matchAll(/\bt\(\s*'([\w.]+)'/g)) keys.add(m[1] ?? '');
    for (const m of text.matchAll(/'((?:lock|patient)\.\w+)'/g)) keys.add(m[1] ?? '');
  }
  return [...keys].sort();
}

describe('the catalogs', () => {
  it.each([
    ['ar', ar],
    ['es', es],
  ] as const)(
    '%s has every English message, its variables and its plural forms',
    (language, catalog) => {
      expect(problemsOf(language, catalog)).toEqual([]);
    },
  );

  it('English has the plural forms English needs', () => {
    expect(problemsOf('en', en)).toEqual([]);
  });

  it('has every key the code asks for', () => {
    const known = messages(en);
    const keys = keysInCode();
    expect(keys.length).toBeGreaterThan(50);
    expect(keys.filter((key) => !known.has(key))).toEqual([]);
  });

  it('finds a missing message, a missing plural form and a lost variable', () => {
    const broken = structuredClone(ar) as unknown as {
      common: Record<string, string>;
      sync: Record<string, string>;
      handOver: Record<string, string>;
    };
    delete broken.common['cancel'];
    delete broken.sync['waiting_few'];
    broken.handOver['checking'] = 'جارٍ فحص السجلات…';
    expect(problemsOf('ar', broken as unknown as Catalog)).toEqual([
      'common.cancel: missing',
      'handOver.checking: variables  instead of name',
      'sync.waiting_few: missing',
    ]);
  });
});
