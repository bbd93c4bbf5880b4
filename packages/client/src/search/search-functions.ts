import { foldName, phoneTerms } from './search-folding.js';

/**
 * The SQL functions the patient search index is written with (its triggers
 * call them), so each driver registers them on every connection it opens:
 * better-sqlite3 in Node, SQLite WASM in the browser's worker. A database
 * opened without them cannot write patients, which is why they live here
 * and not in the store.
 */
export const searchFunctions: readonly {
  readonly name: string;
  readonly apply: (value: string | null) => string;
}[] = [
  { name: 'clinicsync_fold', apply: foldName },
  { name: 'clinicsync_phone_terms', apply: phoneTerms },
];

/** A value from SQLite as text, for the functions above (names may arrive as numbers). */
export function textArgument(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : String(value);
}
