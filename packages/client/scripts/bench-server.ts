// The server side of measure-first-sync.ts, in its own process as in real
// life: a test server (PGlite, or PostgreSQL when TEST_DATABASE_URL is set)
// with `patients * 3` rows pushed through the SDK. Prints one JSON line
// {url, email, password, rows} when ready; stops when its stdin closes.
import { allPermissions, startTestServer } from '@clinicsync/testing/server';
import { openNodeDevice } from '../src/node.js';
import { seedRecords } from '../test/support/seed-records.js';

const patients = Number(process.argv[2] ?? 33_334);
const server = await startTestServer();
await server.listen();
const user = await server.addUser('provider', allPermissions);
const seeder = await openNodeDevice({
  serverUrl: server.url,
  auth: { type: 'basic', email: user.email, password: user.password },
});
await seedRecords(seeder.store, server.clinicId, patients);
await seeder.engine.sync();
await seeder.close();
process.stdout.write(
  `${JSON.stringify({ url: server.url, email: user.email, password: user.password, rows: patients * 3 })}\n`,
);
process.stdin.resume();
process.stdin.on('end', () => void server.close().then(() => process.exit(0)));
