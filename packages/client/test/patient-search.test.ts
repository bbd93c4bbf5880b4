import fc from 'fast-check';
import { makeRow } from '@clinicsync/testing/fixtures';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createNodeDriver, openStore } from '../src/node.js';
import type { LocalStore, NodeDriver } from '../src/node.js';
import { foldName, phoneTerms } from '../src/search/search-folding.js';
import { setMeta } from '../src/store/local-meta.js';
import { storeInternals } from '../src/store/store-internals.js';
import { applyRemoteChanges } from '../src/sync/apply-remote-changes.js';

// Search as clinicians type: names from the seed's pools (Arabic, Spanish and
// English; `clinicsync seed` draws them from faker's locales), and the
// queries that must, and must not, find them.
const patients: [id: string, given: string, surname: string, phone: string][] = [
  ['es1', 'María Teresa', 'Ordóñez Flórez', '+57 10 012 5194'],
  ['es2', 'Ángela', 'Becerra Hernández', '+57 301 555 0101'],
  ['es3', 'Luis Miguel', 'Solorzano Ávila', '+57 320 444 9999'],
  ['es4', 'Florencia', 'Duarte Zarate', '+57 311 222 3344'],
  ['ar1', 'فاطمة', 'بن حمودة', '+961 3 123 456'],
  ['ar2', 'أيمن', 'الأشراف', '+961 70 987 654'],
  ['ar3', 'إبراهيم', 'فقوسة', '+961 71 000 111'],
  ['ar4', 'مُصْطَفَى', 'بودوارة', '+961 76 555 777'],
  ['ar5', 'براءة', 'آل عثمان', '٠٧٩٥٥٥١٢٣٤'],
  ['en1', 'Joy', "O'Keefe", '+254 700 111 222'],
  ['en2', 'Amari', 'McKenzie-Graham', '+254 711 333 444'],
  ['en3', 'Nigel', 'Flores', '+254 722 555 666'],
];

let store: LocalStore;

beforeAll(async () => {
  store = await openStore(createNodeDriver());
  await store.transaction(async (tx) => {
    for (const [id, given_name, surname, phone] of patients) {
      await tx.create('patients', { id, given_name, surname, phone });
    }
  });
});
afterAll(() => store.close());

const ids = async (text: string) => (await store.searchPatients(text)).map((p) => p.id);

describe('patient search', () => {
  test.each([
    // Any part of a multi-part name, without its accents, in any case.
    ['florez', ['es1']],
    ['Flórez', ['es1']],
    ['ordonez', ['es1']],
    ['teresa flo', ['es1']],
    ['maria ordóñez', ['es1']],
    ['angela', ['es2']],
    ['hernandez', ['es2']],
    ['miguel avila', ['es3']],
    // "flor" starts Flores and Flórez (surnames first, by surname), and Florencia.
    ['flor', ['en3', 'es1', 'es4']],
    ['FLÓR', ['en3', 'es1', 'es4']],
    // Every word must match.
    ['flor duarte', ['es4']],
    // Arabic: taa marbuta, hamza on alef, madda, alef maqsura and harakat fold.
    ['فاطمه', ['ar1']],
    ['فاطمة', ['ar1']],
    ['حمود', ['ar1']],
    ['ايمن', ['ar2']],
    ['الاشراف', ['ar2']],
    ['ابراهيم', ['ar3']],
    ['إبراهيم فقوسه', ['ar3']],
    ['مصطفي', ['ar4']],
    ['مصطفى', ['ar4']],
    ['عثمان', ['ar5']],
    ['ال عثمان', ['ar5']],
    // English: apostrophes and hyphens separate words.
    ['keefe', ['en1']],
    ["o'keefe", ['en1']],
    ['graham', ['en2']],
    ['mckenzie graham', ['en2']],
    // Phones by their digits alone: from the start, or any run of the last digits.
    ['0125194', ['es1']],
    ['012 5194', ['es1']],
    ['5194', ['es1']],
    ['+57 10 012', ['es1']],
    ['571', ['es1']],
    ['0795551234', ['ar5']],
    ['١٢٣٤', ['ar5']],
    // Ids exactly.
    ['en2', ['en2']],
  ])('%s finds %j', async (query, expected) => {
    expect(await ids(query)).toEqual(expected);
  });

  test.each([
    ['lorez', 'the middle of a word'],
    ['01251', 'digits from the middle of the number'],
    ['en', 'part of an id'],
    ['florez angela', 'words of two patients'],
    ['"', 'punctuation alone'],
    ['   ', 'nothing'],
  ])('%s finds nobody (%s)', async (query) => {
    expect(await ids(query)).toEqual([]);
  });

  test('a surname that is the word comes before one it starts, and both before given names', async () => {
    await store.transaction(async (tx) => {
      await tx.create('patients', { id: 'r1', given_name: 'Sol', surname: 'Marín' });
      await tx.create('patients', { id: 'r2', given_name: 'Marina', surname: 'Alba' });
      await tx.create('patients', { id: 'r3', given_name: 'Eva', surname: 'Marinez' });
    });
    expect(await ids('marin')).toEqual(['r1', 'r3', 'r2']);
  });

  test('the index follows edits and deletes', async () => {
    const created = await store.create('patients', { given_name: 'Wendy', surname: 'Zboncak' });
    expect(await ids('zboncak')).toEqual([created.id]);
    await store.update('patients', created.id, { surname: 'Stanton' });
    expect(await ids('zboncak')).toEqual([]);
    expect(await ids('wendy stanton')).toEqual([created.id]);
    await store.delete('patients', created.id);
    expect(await ids('wendy')).toEqual([]);
  });
});

/** The index as it should be: every patient row, folded. */
function expectedIndex(driver: NodeDriver) {
  const rows = driver.database
    .prepare('SELECT rowid, given_name, surname, phone FROM patients ORDER BY rowid')
    .all() as { rowid: number; given_name: string; surname: string; phone: string }[];
  return rows.map((r) => ({
    rowid: r.rowid,
    given: foldName(r.given_name),
    surname: foldName(r.surname),
    phone: phoneTerms(r.phone),
  }));
}

function actualIndex(driver: NodeDriver) {
  return driver.database
    .prepare('SELECT rowid, given, surname, phone FROM _clinicsync_patient_search ORDER BY rowid')
    .all();
}

describe('the search index', () => {
  const name = fc.constantFrom(
    'María',
    'Flórez',
    'فاطمة',
    'أيمن',
    "O'Keefe",
    'Ana-Sofía',
    '',
    'Joy',
  );
  const phone = fc.stringMatching(/^\+?[0-9 ]{0,12}$/);
  const id = fc.constantFrom('a', 'b', 'c', 'd', 'e');
  const values = fc.record({ given_name: name, surname: name, phone });
  const step = fc.oneof(
    fc.record({ kind: fc.constant('create' as const), id, values }),
    fc.record({ kind: fc.constant('edit' as const), id, values }),
    fc.record({ kind: fc.constant('delete' as const), id }),
    fc.record({
      kind: fc.constant('pull' as const),
      created: fc.array(fc.record({ id, values }), { maxLength: 3 }),
      deleted: fc.array(id, { maxLength: 2 }),
    }),
    fc.record({ kind: fc.constant('reopen' as const) }),
    // A push acknowledged: mark-as-synced drops the pushed tombstones, freeing their rowids.
    fc.record({ kind: fc.constant('purge' as const) }),
  );

  test('equals the patients table after any local writes, pulls, deletes and purges', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 25 }), async (steps) => {
        const driver = createNodeDriver();
        let local = await openStore(driver);
        try {
          for (const s of steps) {
            const exists = (rowId: string) =>
              driver.database
                .prepare(`SELECT 1 FROM patients WHERE id = ? AND _status != 'deleted'`)
                .get(rowId) !== undefined;
            if (s.kind === 'create' && !exists(s.id)) {
              const gone = driver.database.prepare('SELECT 1 FROM patients WHERE id = ?').get(s.id);
              if (!gone) await local.create('patients', { id: s.id, ...s.values });
            } else if (s.kind === 'edit' && exists(s.id)) {
              await local.update('patients', s.id, s.values);
            } else if (s.kind === 'delete' && exists(s.id)) {
              await local.delete('patients', s.id);
            } else if (s.kind === 'pull') {
              await applyRemoteChanges(
                storeInternals(local),
                {
                  patients: {
                    created: s.created.map((c) => makeRow('patients', { id: c.id, ...c.values })),
                    updated: [],
                    deleted: s.deleted,
                  },
                },
                () => [setMeta('last_pulled_at', 1)],
              );
            } else if (s.kind === 'purge') {
              driver.database.exec(`DELETE FROM patients WHERE _status = 'deleted'`);
            } else if (s.kind === 'reopen') {
              // A database whose index is missing (made before it existed) is rebuilt on open.
              driver.database.exec(
                `DELETE FROM _clinicsync_patient_search; DELETE FROM _clinicsync_meta WHERE key = 'search_index'`,
              );
              local = await openStore(driver);
            }
            expect(actualIndex(driver)).toEqual(expectedIndex(driver));
          }
        } finally {
          await driver.close();
        }
      }),
      { numRuns: 150 },
    );
  });
});
