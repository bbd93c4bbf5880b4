import { expect, test } from 'vitest';
import { lookupTerms } from '../../src/patients/lookup-terms.js';

test('the whole query is the id; words split at spaces and hyphens', () => {
  expect(lookupTerms('  Amal al-Haddad ')).toEqual({
    id: 'Amal al-Haddad',
    words: ['Amal', 'al', 'Haddad'],
    digits: null,
  });
});

test('digits count from 4, wherever they are', () => {
  expect(lookupTerms('+962 (79) 123').digits).toBe('96279123');
  expect(lookupTerms('79-1').digits).toBeNull();
  expect(lookupTerms('pat-1234').digits).toBe('1234');
});

test("LIKE's wildcards and escape character are escaped", () => {
  expect(lookupTerms('50%_off \\x').words).toEqual(['50\\%\\_off', '\\\\x']);
});
