/** What a lookup query is matched as: an id, name words, phone digits. */
export interface LookupTerms {
  /** The query itself, matched exactly against patient ids. */
  readonly id: string;
  /** Each must begin a word of the patient's given name or surname, as LIKE patterns' stems. */
  readonly words: readonly string[];
  /** The query's digits, matched inside the phone's digits; null below 4 digits. */
  readonly digits: string | null;
}

/** Fewer digits than this would match too many phones to mean anything. */
export const minPhoneDigits = 4;

/** Escapes LIKE's wildcards (and its escape character) so a word matches only itself. */
function escapeLike(word: string): string {
  return word.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Reads a lookup query (PROTOCOL.md, "Patient lookup"): the whole query as
 * an id; its words (split at spaces and hyphens, as names are) as prefixes
 * of name words, LIKE-escaped; its digits as part of a phone number.
 *
 * @example
 * lookupTerms('Amal al-Haddad') // → { id: 'Amal al-Haddad', words: ['Amal', 'al', 'Haddad'], digits: null }
 * lookupTerms('0791 234 567')   // → { ..., digits: '0791234567' }
 */
export function lookupTerms(query: string): LookupTerms {
  const id = query.trim();
  const words = id
    .split(/[\s-]+/)
    .filter((w) => w !== '')
    .map(escapeLike);
  const digits = id.replace(/\D/g, '');
  return { id, words, digits: digits.length >= minPhoneDigits ? digits : null };
}
