// The PouchDB side's server: express-pouchdb over an in-memory PouchDB,
// loaded (untimed) with the same records as documents, read from our server
// through paged pulls. It reports @@ready with its database URL and serves
// until the orchestrator stops it.
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { peerInput, sendMessage } from '../lib/peer.js';
import { pullPages } from '../lib/raw-pull.js';

interface Input {
  serverUrl: string;
  email: string;
  password: string;
}

interface PouchDb {
  bulkDocs(docs: object[]): Promise<unknown>;
  info(): Promise<{ doc_count: number }>;
}
type PouchConstructor = (new (name: string) => PouchDb) & {
  plugin(plugin: unknown): PouchConstructor;
  defaults(options: object): PouchConstructor;
};

const require = createRequire(import.meta.url);
const PouchDB = (require('pouchdb-core') as PouchConstructor)
  .plugin(require('pouchdb-adapter-memory'))
  .plugin(require('pouchdb-adapter-http'))
  .plugin(require('pouchdb-replication'))
  .defaults({ adapter: 'memory' });
const expressPouchDb = require('express-pouchdb') as (pouch: unknown, options: object) => unknown;
const express = require('express') as () => {
  use(path: string, handler: unknown): void;
  listen(port: number, host: string, done: () => void): { address(): AddressInfo | string | null };
};

process.stdin.on('end', () => process.exit(2));
process.stdin.resume();

const input = peerInput<Input>();
// express-pouchdb first: it registers the databases created after it (all-dbs), or answers no_db_file.
const app = express();
app.use(
  '/',
  expressPouchDb(PouchDB, {
    mode: 'minimumForPouchDB',
    inMemoryConfig: true,
    logPath: '/dev/null',
  }),
);
const db = new PouchDB('clinic');
// Each record becomes one document, `_id` = table:id (ids are unique per table only).
for await (const changes of pullPages(input)) {
  const docs: object[] = [];
  for (const [table, set] of Object.entries(changes)) {
    for (const row of [...set.created, ...set.updated])
      docs.push({ ...row, _id: `${table}:${String(row['id'])}`, table });
  }
  for (let i = 0; i < docs.length; i += 1000) await db.bulkDocs(docs.slice(i, i + 1000));
}
const { doc_count } = await db.info();
const server = app.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  sendMessage('ready', { url: `http://127.0.0.1:${port}/clinic`, docs: doc_count });
});
