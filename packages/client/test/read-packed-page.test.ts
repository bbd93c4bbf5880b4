import { describe, expect, it } from 'vitest';
import { unpackRows } from '../src/driver/packed-rows.js';
import { ClinicSyncError } from '../src/index.js';
import { readPackedPage, readPulledPage } from '../src/sync/pulled-page.js';
import { pageContext } from './support/page-context.js';

// What the browser's page reader worker answers for a pulled page
// (page-reader-worker.ts runs readPackedPage and nothing else).
const context = pageContext;

function body(answer: unknown): ArrayBuffer {
  const bytes = new TextEncoder().encode(JSON.stringify(answer));
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
}

const page = {
  changes: {
    patients: {
      created: [{ id: 'p1', given_name: 'Layla', surname: 'Ḥaddād', date_of_birth: '1990-01-02' }],
      updated: [{ id: 'q1', given_name: 'Omar', updated_at: 1_700_000_000_123 }],
      deleted: ['gone'],
    },
    visits: { created: [], updated: [], deleted: [] },
    a_table_from_a_newer_server: { created: [{ id: 'x' }], updated: [], deleted: [] },
  },
  timestamp: 1_700_000_000_001,
  has_more: true,
  next: 'token-1',
  estimate: { records: 40, bytes: 4000 },
};

describe('a pulled page read and packed for the database worker', () => {
  it('is the page readPulledPage reads, each table’s rows in one buffer', () => {
    const raw = body(page);
    const inline = readPulledPage(raw, context);
    const packed = readPackedPage(raw, context);

    expect({ ...packed, tables: [] }).toEqual({ ...inline, tables: [] });
    expect(packed.bytes).toBe(raw.byteLength);
    expect(packed.tables.map((t) => t.name)).toEqual(['patients', 'visits']);
    packed.tables.forEach((table, i) => {
      const expected = inline.tables[i]!;
      expect({ ...table, upserts: null }).toEqual({ ...expected, upserts: null });
      expect(table.upserts).toEqual({ packed: expect.any(ArrayBuffer) });
      expect(unpackRows((table.upserts as { packed: ArrayBuffer }).packed)).toEqual(
        expected.upserts,
      );
    });
    expect(packed.tables[0]).toMatchObject({
      created: 1,
      updated: 1,
      patientIds: ['p1', 'q1'],
      deletedIds: ['gone'],
    });
  });

  it('refuses a bad page with the error readPulledPage gives', () => {
    const bad = structuredClone(page);
    (bad.changes.patients.created[0] as Record<string, unknown>)['given_name'] = 42;
    const refusal = (() => {
      try {
        readPackedPage(body(bad), context);
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(ClinicSyncError);
    expect(refusal).toMatchObject({ code: 'bad_response' });

    const cut = new TextEncoder().encode(JSON.stringify(page)).slice(0, 100);
    expect(() => readPackedPage(cut.buffer, context)).toThrow(
      expect.objectContaining({ code: 'network' }),
    );
    const notJson = body('<html>Sign in to the Wi-Fi</html>').slice(1, -1);
    expect(() => readPackedPage(notJson, { ...context, contentType: 'text/html' })).toThrow(
      expect.objectContaining({ code: 'bad_response' }),
    );
  });
});
