// PouchDB's first sync: a fresh in-memory PouchDB replicates everything from
// the express-pouchdb server (its own process), with PouchDB's default batches.
import { createRequire } from 'node:module';
import { peerInput, runPeer } from '../lib/peer.js';

interface Input {
  url: string;
}

interface PouchDb {
  replicate: { from(remote: PouchDb): Promise<{ ok: boolean; docs_written: number }> };
  info(): Promise<{ doc_count: number }>;
}
type PouchConstructor = (new (name: string, options?: object) => PouchDb) & {
  plugin(plugin: unknown): PouchConstructor;
  defaults(options: object): PouchConstructor;
};

const require = createRequire(import.meta.url);
const PouchDB = (require('pouchdb-core') as PouchConstructor)
  .plugin(require('pouchdb-adapter-memory'))
  .plugin(require('pouchdb-adapter-http'))
  .plugin(require('pouchdb-replication'));

runPeer(async () => {
  const input = peerInput<Input>();
  // Adapters named explicitly: a default adapter would also apply to the URL (a memory db named after it).
  const local = new PouchDB('device', { adapter: 'memory' });
  const remote = new PouchDB(input.url, { adapter: 'http' });
  const started = performance.now();
  const result = await local.replicate.from(remote);
  const ms = performance.now() - started;
  const { doc_count } = await local.info();
  if (!result.ok || doc_count === 0)
    throw new Error(`replication did not finish ok (${doc_count} documents)`);
  return { ms, records: doc_count };
});
