// How names and phone numbers are written into the patient search index and
// how a query is read, in one place: the index (through SQL functions the
// drivers register) and the query must fold text the same way, or a
// clinician's typing and the stored name never meet.

/** Arabic letters written interchangeably in names, beyond what NFD splits off. */
const arabicVariants: Readonly<Record<string, string>> = {
  '\u0629': '\u0647', // taa marbuta → haa
  '\u0649': '\u064A', // alef maqsura → yaa
  '\u0671': '\u0627', // alef wasla → alef
  '\u06CC': '\u064A', // Persian yeh → yaa
};

/** Arabic-Indic and Persian digits as ASCII, so "٠١٢٥" and "0125" are one number. */
function asciiDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (digit) =>
    String(digit.charCodeAt(0) & 0xf),
  );
}

/**
 * A name as the index keeps it: lower case, accents and Arabic diacritics
 * dropped (NFD splits أ إ آ into alef and a hamza or madda mark, dropped with
 * the rest), ة → ه, ى → ي, tatweel gone, and every run of other characters
 * (hyphens, apostrophes, spaces) one space. "María-José Flórez" gives
 * "maria jose florez"; "فاطمة" and "فاطمه" give the same.
 */
export function foldName(text: string | null | undefined): string {
  if (!text) return '';
  return asciiDigits(
    text
      .normalize('NFD')
      .replace(/[\p{M}\u0640]/gu, '')
      .replace(/[\u0629\u0649\u0671\u06CC]/g, (letter) => arabicVariants[letter] ?? letter),
  )
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The digits of a phone number, whatever its spaces, signs and script. */
export function phoneDigits(text: string | null | undefined): string {
  return text ? asciiDigits(text).replace(/\D/g, '') : '';
}

const reversed = (text: string) => [...text].reverse().join('');

/**
 * A phone number as the index keeps it: its digits as one word after `t`,
 * and reversed after `s`, so that a prefix search finds the number by its
 * first digits and, through the reversed word, by its last ones from any
 * position ("0125194" and "5194" both find "+57 10 012 5194").
 */
export function phoneTerms(text: string | null | undefined): string {
  const digits = phoneDigits(text);
  return digits ? `t${digits} s${reversed(digits)}` : '';
}

/** The index words a search for `digits` looks for, as FTS5 prefix queries. */
export function phoneQuery(digits: string): string {
  return `("t${digits}"* OR "s${reversed(digits)}"*)`;
}
