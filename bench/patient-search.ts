// `node --conditions=source --import tsx bench/patient-search.ts [patients]`
//
// The device's patient search at clinic scale: 20,000 patients (by default)
// with names from the seed's pools (Arabic, Spanish, English, as `clinicsync
// seed` draws them), applied as pulled pages, then queries as clinicians
// type them, timed one by one. On better-sqlite3 (a file, as the Node SDK
// and `clinicsync device` keep it) and on SQLite WASM's Node build (the
// browser's engine, in memory here: OPFS needs a browser). Also the cost of
// the index's writes: the time to write every entry afresh in one statement
// (a pulled page writes its patients' entries the same way).
// Prints a table; writes bench/results/<date>-patient-search.json.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import { makeRow } from '@clinicsync/testing/fixtures';
import { createNodeDriver, openStore } from '../packages/client/src/node.js';
import type { SqlDriver, SqlStatement, SqlValue } from '../packages/client/src/node.js';
import {
  registerSearchFunctions,
  runBatch,
  runQuery,
} from '../packages/client/src/browser/sql-executor.js';
import type { Oo1Database } from '../packages/client/src/browser/sql-executor.js';
import { WasmRowWriter } from '../packages/client/src/browser/wasm-row-writer.js';
import { foldName } from '../packages/client/src/search/search-folding.js';
import { setMeta } from '../packages/client/src/store/local-meta.js';
import { rebuildSearchStatements } from '../packages/client/src/store/local-schema.js';
import { storeInternals } from '../packages/client/src/store/store-internals.js';
import { applyRemoteChanges } from '../packages/client/src/sync/apply-remote-changes.js';
import { buildNamePools } from '../packages/server/src/seed/name-pools.js';
import { median, percentile } from './lib/stats.js';
import { formatTable } from './lib/table.js';
import { resultStamp, writeResultFile } from './lib/result-file.js';

const count = Number(process.argv[2] ?? 20_000);
const pageSize = 2_000;

/** A deterministic generator, so every run searches the same patients. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Person {
  readonly id: string;
  readonly given_name: string;
  readonly surname: string;
  readonly phone: string;
}

async function people(): Promise<Person[]> {
  const next = random(1);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const { populations } = await buildNamePools(1);
  return Array.from({ length: count }, (_, i) => {
    const population = pick(populations);
    const given = pick(next() < 0.5 ? population.femaleNames : population.maleNames);
    const digits = String(Math.floor(next() * 1e9)).padStart(9, '0');
    return {
      id: `p${i}-${randomUUID().slice(0, 8)}`,
      given_name: given,
      surname: pick(population.surnames),
      phone: `${population.phonePrefix} ${digits.slice(0, 2)} ${digits.slice(2, 5)} ${digits.slice(5)}`,
    };
  });
}

/** Queries as typed: name starts, accents left out, Arabic variants, a phone's last digits, an id. */
function queries(everyone: readonly Person[]): { kind: string; text: string }[] {
  const next = random(2);
  const pick = () => everyone[Math.floor(next() * everyone.length)]!;
  const list: { kind: string; text: string }[] = [];
  for (let i = 0; i < 60; i++) {
    const person = pick();
    const surnameWords = person.surname.split(/[\s-]+/);
    const word = surnameWords[surnameWords.length - 1]!;
    list.push({ kind: 'three letters of a surname word', text: word.slice(0, 3) });
    list.push({
      kind: 'given name and surname, unaccented',
      text: foldName(`${person.given_name.split(' ')[0]} ${surnameWords[0]}`),
    });
    list.push({ kind: 'a whole surname', text: person.surname });
    list.push({ kind: "a phone's last 7 digits", text: person.phone.replace(/\D/g, '').slice(-7) });
    list.push({ kind: 'an id', text: person.id });
  }
  return list;
}

function rows(page: readonly Person[]) {
  return page.map((p) => makeRow('patients', { ...p }));
}

/** A driver over SQLite WASM's oo1 API in this process, as the browser's worker runs it. */
async function wasmDriver(): Promise<SqlDriver> {
  const sqlite3 = await sqlite3InitModule();
  const db = new sqlite3.oo1.DB(':memory:', 'c') as unknown as Oo1Database;
  const writer = new WasmRowWriter(sqlite3);
  registerSearchFunctions(db);
  return {
    query: async <Row extends object>(sql: string, params: readonly SqlValue[] = []) =>
      runQuery(db, sql, params) as unknown as Row[],
    batch: async (statements: readonly SqlStatement[]) => {
      runBatch(db, writer, statements);
    },
    close: async () => db.close(),
  };
}

interface Outcome {
  readonly engine: string;
  readonly applyMs: number;
  readonly rebuildMs: number;
  readonly query: Record<string, { p50: number; p95: number; found: number }>;
}

async function measure(
  engine: string,
  driver: SqlDriver,
  everyone: readonly Person[],
): Promise<Outcome> {
  const store = await openStore(driver);
  const started = performance.now();
  for (let at = 0; at < everyone.length; at += pageSize) {
    await applyRemoteChanges(
      storeInternals(store),
      { patients: { created: rows(everyone.slice(at, at + pageSize)), updated: [], deleted: [] } },
      () => [setMeta('last_pulled_at', at + 1)],
    );
  }
  const applyMs = performance.now() - started;
  const rebuildStarted = performance.now();
  await driver.batch(rebuildSearchStatements());
  const rebuildMs = performance.now() - rebuildStarted;
  const query: Outcome['query'] = {};
  {
    const times = new Map<string, number[]>();
    const found = new Map<string, number>();
    const list = queries(everyone);
    for (const { text } of list.slice(0, 20)) await store.searchPatients(text); // warm up
    for (const { kind, text } of list) {
      const t = performance.now();
      const result = await store.searchPatients(text, { limit: 50 });
      times.set(kind, [...(times.get(kind) ?? []), performance.now() - t]);
      found.set(kind, (found.get(kind) ?? 0) + (result.length > 0 ? 1 : 0));
    }
    const all = [...times.values()].flat();
    for (const [kind, values] of [...times, ['all queries', all] as const]) {
      query[kind] = {
        p50: median(values),
        p95: percentile(values, 95),
        found: kind === 'all queries' ? 0 : found.get(kind)! / values.length,
      };
    }
  }
  await store.close();
  return { engine, applyMs, rebuildMs, query };
}

const everyone = await people();
const dir = mkdtempSync(join(tmpdir(), 'cs-search-bench-'));
const outcomes: Outcome[] = [];
try {
  outcomes.push(
    await measure(
      'better-sqlite3 (file)',
      createNodeDriver({ file: join(dir, 'device.db') }),
      everyone,
    ),
  );
  outcomes.push(await measure('SQLite WASM (memory)', await wasmDriver(), everyone));
} finally {
  rmSync(dir, { recursive: true, force: true });
}

process.stdout.write(`\n${count.toLocaleString('en')} patients, pages of ${pageSize}\n\n`);
process.stdout.write(
  formatTable(
    ['engine', 'apply the pulled pages', 'of which the index, about'],
    outcomes.map((o) => [o.engine, `${o.applyMs.toFixed(0)} ms`, `${o.rebuildMs.toFixed(0)} ms`]),
  ) + '\n\n',
);
for (const outcome of outcomes) {
  process.stdout.write(`${outcome.engine}: search time (ms)\n`);
  process.stdout.write(
    formatTable(
      ['query', 'p50', 'p95', 'found'],
      Object.entries(outcome.query).map(([kind, q]) => [
        kind,
        q.p50.toFixed(2),
        q.p95.toFixed(2),
        kind === 'all queries' ? '' : `${(q.found * 100).toFixed(0)}%`,
      ]),
    ) + '\n\n',
  );
}
const out = writeResultFile(`${resultStamp()}-patient-search`, {
  patients: count,
  pageSize,
  outcomes,
});
process.stdout.write(`figures written to ${out}\n`);
