import { describe, expect, it } from 'vitest';
import { StagedPages } from '../src/browser/staged-pages.js';
import { ClinicSyncError } from '../src/index.js';
import type { AnswerContext } from '../src/sync/http-client.js';
import { readPulledPage } from '../src/sync/pulled-page.js';

// The database worker's side of a pulled page (browser/staged-pages.ts),
// which needs no worker: the page gets counts and keys back, and a batch
// naming the keys gets the rows.
const context: AnswerContext = {
  serverUrl: 'https://sync.example.org',
  method: 'GET',
  path: '/api/v2/sync?last_pulled_at=0',
  status: 200,
  contentType: 'application/json; charset=utf-8',
};

function body(answer: unknown): ArrayBuffer {
  const bytes = new TextEncoder().encode(JSON.stringify(answer));
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
}

const page = (n: number) => ({
  changes: {
    patients: {
      created: [{ id: `p${n}`, given_name: 'Layla', surname: 'Ḥaddād' }],
      updated: [{ id: `q${n}`, given_name: 'Omar' }],
      deleted: ['gone'],
    },
    visits: { created: [], updated: [], deleted: [] },
    a_table_from_a_newer_server: { created: [{ id: 'x' }], updated: [], deleted: [] },
  },
  timestamp: 1_700_000_000_000 + n,
  has_more: true,
  next: `token-${n}`,
  estimate: { records: 40, bytes: 4000 },
});

describe('pulled pages staged in the database worker', () => {
  it('answers what the page needs and keeps the rows for the batch that names them', () => {
    const staged = new StagedPages();
    const raw = body(page(1));
    const inline = readPulledPage(raw.slice(0), context);
    const answer = staged.stage(raw, context);

    expect({ ...answer, tables: [] }).toEqual({ ...inline, tables: [] });
    expect(answer.bytes).toBe(raw.byteLength);
    const [patients, visits] = answer.tables;
    expect(answer.tables).toHaveLength(2);
    expect(patients).toMatchObject({
      name: 'patients',
      created: 1,
      updated: 1,
      patientIds: ['p1', 'q1'],
      deletedIds: ['gone'],
    });
    // Only the key travels back; an empty table keeps its (empty) rows inline.
    expect(patients!.upserts).toEqual({ staged: expect.any(String) });
    expect(visits!.upserts).toEqual([]);

    const key = (patients!.upserts as { staged: string }).staged;
    const [merge, other] = staged.resolve([
      { sql: 'INSERT …', staged: key },
      { sql: 'UPDATE …', params: [1] },
    ]);
    expect(merge).toEqual({ sql: 'INSERT …', rows: inline.tables[0]!.upserts });
    expect(other).toEqual({ sql: 'UPDATE …', params: [1] });
    // A batch uses its rows up: the same key again is an error, not a second apply.
    expect(() => staged.resolve([{ sql: 'INSERT …', staged: key }])).toThrow(/sync again/);
  });

  it('lets go of pages no batch used once four newer ones are staged', () => {
    const staged = new StagedPages();
    const keys = [1, 2, 3, 4, 5].map(
      (n) => (staged.stage(body(page(n)), context).tables[0]!.upserts as { staged: string }).staged,
    );
    expect(() => staged.resolve([{ sql: 'INSERT …', staged: keys[0]! }])).toThrow(/sync again/);
    for (const key of keys.slice(1)) {
      expect(staged.resolve([{ sql: 'INSERT …', staged: key }])[0]).toHaveProperty('rows');
    }
  });

  it('refuses a bad page with the error the page reports, and stages nothing of it', () => {
    const staged = new StagedPages();
    const bad = page(1);
    bad.changes.patients.created[0]!.given_name = 42 as unknown as string;
    const refusal = (() => {
      try {
        staged.stage(body(bad), context);
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(ClinicSyncError);
    expect(refusal).toMatchObject({ code: 'bad_response' });

    const cut = new TextEncoder().encode(JSON.stringify(page(2))).slice(0, 100);
    expect(() => staged.stage(cut.buffer, context)).toThrow(
      expect.objectContaining({ code: 'network' }),
    );
    const notJson = body('<html>Sign in to the Wi-Fi</html>').slice(1, -1);
    expect(() => staged.stage(notJson, { ...context, contentType: 'text/html' })).toThrow(
      expect.objectContaining({ code: 'bad_response' }),
    );
  });
});
