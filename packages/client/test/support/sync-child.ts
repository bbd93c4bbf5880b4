// A device process for synchronize-crash.test.ts: syncs into a database
// file and reports on stdout (one JSON line each) when a batch starts and
// when a page is applied, so the test can kill it at a chosen moment.
// Usage: sync-child.ts <serverUrl> <email> <password> <file> <pageSize>
//
// Every row insert is slowed down (a TEMP trigger calling a busy-waiting
// function; TEMP, so the file the test reopens holds no trace of it): a
// page's batch then takes long enough for the kill to land inside it.
import { createNodeDriver, createSyncEngine, openStore } from '../../src/node.js';
import type { SqlDriver } from '../../src/node.js';

const [serverUrl, email, password, file, pageSize] = process.argv.slice(2);
if (!serverUrl || !email || !password || !file || !pageSize)
  throw new Error('usage: sync-child.ts url email password file pageSize');

// Writes to a pipe are synchronous on Linux: the line is out before the batch runs.
const say = (message: object) => process.stdout.write(`${JSON.stringify(message)}\n`);

const node = createNodeDriver({ file });
node.database.function('pause', () => {
  const until = performance.now() + 0.6;
  while (performance.now() < until);
  return null;
});
let batches = 0;
const driver: SqlDriver = {
  query: (sql, params) => node.query(sql, params),
  batch: (statements) => {
    say({ batch: ++batches, page: statements.some((s) => 'rows' in s) });
    return node.batch(statements);
  },
  close: () => node.close(),
};
const store = await openStore(driver);
for (const table of ['patients', 'visits', 'events']) {
  node.database.exec(
    `CREATE TEMP TRIGGER slow_${table} AFTER INSERT ON main.${table} BEGIN SELECT pause(); END`,
  );
}
const engine = createSyncEngine(store, {
  serverUrl,
  auth: { type: 'basic', email, password },
  pageSize: Number(pageSize),
});
engine.onProgress((progress) => say({ progress }));
const report = await engine.sync();
say({ done: report });
await store.close();
