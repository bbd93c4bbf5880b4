// `node --conditions=source --import tsx bench/sign-in-timing.ts [rounds]`
//
// How long a refused sign-in takes, by why it was refused: an unknown
// email, a disabled account, a wrong password; and a right one, for scale
// (after its first time it is remembered for a minute and skips argon2, as
// Basic auth on every sync request needs).
// The server does one argon2 verification in each case (proved by
// packages/server/test/auth/sign-in-equal-work.test.ts, which counts them);
// this prints the times, medians and quartiles over `rounds` sign-ins each,
// taken in turns so a busy moment of the machine falls on all cases alike.
// Through inject() on an embedded database: no network, no other load.
import { buildApp, createUser, openDatabase } from '@clinicsync/server';
import { median } from './lib/stats.js';

const rounds = Number(process.argv[2] ?? 200);
const db = await openDatabase({});
const app = await buildApp({
  db,
  // Generous limits: this measures the work of a refusal, not the limits.
  failedAuthLimit: { max: 1_000_000, windowMs: 60_000 },
  failedAccountLimit: { max: 1_000_000, windowMs: 60_000 },
  signInRateLimit: { max: 1_000_000, timeWindow: 60_000 },
});
const password = 'a long bench passphrase';
const make = (email: string) =>
  createUser(db, { email, password, name: email, role: 'super_admin', clinicId: '' }, null);
await make('known@bench.test');
const disabled = await make('disabled@bench.test');
await db.query('UPDATE credentials SET disabled = true WHERE user_id = $1', [disabled.id]);

const cases: Record<string, { email: string; password: string; status: number }> = {
  'unknown email': { email: 'nobody@bench.test', password, status: 401 },
  'disabled account': { email: 'disabled@bench.test', password, status: 401 },
  'wrong password': { email: 'known@bench.test', password: 'not the password at all', status: 401 },
  'right password': { email: 'known@bench.test', password, status: 200 },
};
const times: Record<string, number[]> = {};
for (const name of Object.keys(cases)) times[name] = [];

for (let round = 0; round < rounds; round++) {
  for (const [name, { email, password: pw, status }] of Object.entries(cases)) {
    // Each attempt from its own address and account counter: only the work is measured.
    const started = performance.now();
    const answer = await app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      remoteAddress: `10.${round % 250}.0.1`,
      payload: { email, password: pw },
    });
    times[name]!.push(performance.now() - started);
    if (answer.statusCode !== status)
      throw new Error(`${name}: ${answer.statusCode} ${answer.body}`);
  }
}
await app.close();
await db.close();

const quantile = (values: number[], q: number) =>
  [...values].sort((a, b) => a - b)[Math.floor(q * (values.length - 1))]!;
process.stdout.write(`sign-in times over ${rounds} rounds (ms): median [p25, p75]\n`);
for (const [name, values] of Object.entries(times)) {
  process.stdout.write(
    `  ${name.padEnd(18)} ${median(values).toFixed(1)} [${quantile(values, 0.25).toFixed(1)}, ${quantile(values, 0.75).toFixed(1)}]\n`,
  );
}
