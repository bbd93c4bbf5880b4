// Our SDK's first sync: a fresh device (a SQLite file, as on a phone) pulls
// everything in pages. Opening the store is setup; only sync() is timed. The
// driver is wrapped to time the local apply (inside SQLite batches) apart
// from the rest (waiting for the server, receiving and parsing pages).
import { createNodeDriver, createSyncEngine, openStore } from '@clinicsync/client/node';
import type { SqlDriver } from '@clinicsync/client/node';
import { peerInput, runPeer } from '../lib/peer.js';

interface Input {
  serverUrl: string;
  email: string;
  password: string;
  file: string;
  pageSize: number;
}

runPeer(async () => {
  const input = peerInput<Input>();
  const node = createNodeDriver({ file: input.file });
  let applyMs = 0;
  const driver: SqlDriver = {
    query: (sql, params) => node.query(sql, params),
    async batch(statements) {
      const started = performance.now();
      await node.batch(statements);
      applyMs += performance.now() - started;
    },
    close: () => node.close(),
  };
  const store = await openStore(driver);
  const engine = createSyncEngine(store, {
    serverUrl: input.serverUrl,
    auth: { type: 'basic', email: input.email, password: input.password },
    pageSize: input.pageSize,
  });
  const started = performance.now();
  const report = await engine.sync();
  const ms = performance.now() - started;
  await store.close();
  const records = Object.values(report.pulled).reduce(
    (sum, c) => sum + c.created + c.updated + c.deleted,
    0,
  );
  return { ms, applyMs, records, pages: report.pages };
});
