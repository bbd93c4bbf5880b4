import { expect, test } from 'vitest';
import { compareContents } from './lib/compare-contents.js';

const server = {
  patients: [
    { id: 'p1', given_name: 'Amina', camp: 'North' },
    { id: 'p2', given_name: 'Zoë', camp: null },
  ],
  visits: [],
};

test('the same records in another key order are equal', () => {
  const device = {
    patients: [
      { camp: 'North', id: 'p1', given_name: 'Amina' },
      { id: 'p2', camp: null, given_name: 'Zoë' },
    ],
    visits: [],
  };
  expect(compareContents(device, server)).toEqual({
    compared: 2,
    differences: [],
    extra: 0,
    pendingRefused: [],
  });
});

test('a missing, an extra, a differing record and an id twice are each reported', () => {
  const differs = (patients: Record<string, unknown>[]) =>
    compareContents({ patients, visits: [] }, server).differences;
  expect(differs([server.patients[0]!])).toEqual(['patients differs in 1 rows, e.g. missing p2']);
  expect(differs([...server.patients, { id: 'p3' }])[0]).toMatch(/extra p3/);
  expect(differs([server.patients[0]!, { ...server.patients[1]!, camp: '' }])[0]).toMatch(
    /differs p2/,
  );
  expect(differs([...server.patients, server.patients[1]!])[0]).toMatch(/an id twice/);
});

test('a record the caller names may be missing, extra or differ; it is listed', () => {
  const device = {
    patients: [{ ...server.patients[1]!, camp: 'mine' }, { id: 'mine' }, { id: 'leaked' }],
    visits: [],
  };
  const named = new Set(['p1', 'p2', 'mine']);
  const result = compareContents(
    device,
    server,
    (table, id) => table === 'patients' && named.has(id),
  );
  expect(result.pendingRefused.sort()).toEqual(['patients mine', 'patients p1', 'patients p2']);
  expect(result.extra).toBe(1);
  expect(result.differences).toEqual(['patients differs in 1 rows, e.g. extra leaked']);
});
