// `node --conditions=source --import tsx bench/profile-scoped-pull.ts <database-url> [clinic]`
//
// Where a scoped pull's time goes, request by request, on a database seeded
// as the scoped scenario's (`clinicsync seed --clinics 20 …` plus the bench
// administrator): starts `clinicsync serve` on it, creates (or reuses) a
// provider of one clinic, and times each page of their first paged pull,
// each page of the super administrator's, 20 pulls with nothing new by each
// (taking turns), and the provider's pulls after joining a second clinic
// and after leaving it.
// For the plans, turn on auto_explain for the database first (docs/performance.md,
// "Scope (issue 12)"); the pulls' queries then land in PostgreSQL's log.
import {
  addToClinic,
  createUser,
  providerPermissions,
  removeFromClinic,
  signIn,
} from './lib/admin-api.js';
import { benchUser } from './lib/data-sets.js';
import { killAllChildren } from './lib/processes.js';
import { basicAuth } from './lib/raw-pull.js';
import type { Credentials } from './lib/raw-pull.js';
import { median } from './lib/stats.js';
import { startSyncServer } from './lib/sync-server.js';

const [databaseUrl, clinic = 's1-c1', secondClinic = 's1-c2'] = process.argv.slice(2);
if (!databaseUrl) {
  process.stderr.write('usage: profile-scoped-pull.ts <database-url> [clinic] [second-clinic]\n');
  process.exit(2);
}

interface Answer {
  changes: Record<string, { created: unknown[]; updated: unknown[]; deleted: unknown[] }>;
  timestamp: number;
  has_more?: boolean;
  next?: string | null;
}

const count = (a: Answer) =>
  Object.values(a.changes).reduce(
    (n, t) => n + t.created.length + t.updated.length + t.deleted.length,
    0,
  );

/** A paged pull from `since`, each request timed; the final timestamp. */
async function pagedPull(c: Credentials, since: number, label: string, quiet = false) {
  let next: string | null = null;
  let timestamp = since;
  let records = 0;
  const pageMs: number[] = [];
  do {
    const query = new URLSearchParams({ last_pulled_at: String(since), limit: '5000' });
    if (next) query.set('next', next);
    const started = performance.now();
    const response = await fetch(`${c.serverUrl}/api/v2/sync?${query}`, {
      headers: { authorization: basicAuth(c) },
    });
    const answer = (await response.json()) as Answer;
    pageMs.push(performance.now() - started);
    if (!response.ok)
      throw new Error(`pull answered ${response.status}: ${JSON.stringify(answer)}`);
    records += count(answer);
    timestamp = answer.timestamp;
    next = answer.has_more ? (answer.next ?? null) : null;
  } while (next);
  const total = pageMs.reduce((a, b) => a + b, 0);
  if (!quiet) {
    process.stdout.write(
      `${label}: ${records} records, ${pageMs.length} page(s), ${total.toFixed(0)} ms ` +
        `(${((total / Math.max(records, 1)) * 1000).toFixed(1)} µs/record); pages ${pageMs.map((ms) => ms.toFixed(0)).join(', ')} ms\n`,
    );
  }
  return { timestamp, records, ms: total };
}

const server = await startSyncServer({ engine: 'postgres', databaseUrl });
try {
  const token = await signIn(server.url, benchUser.email, benchUser.password);
  const provider = {
    email: `profile.${clinic}@bench.clinicsync.local`,
    password: 'bench-password-1',
  };
  try {
    await createUser(server.url, token, {
      ...provider,
      name: 'Profile Provider',
      role: 'provider',
      clinic_id: clinic,
      permissions: providerPermissions,
    });
  } catch (error) {
    if (!String(error).includes('409')) throw error; // made by an earlier profile run
  }
  const scoped = { serverUrl: server.url, ...provider };
  const admin = { serverUrl: server.url, ...benchUser };
  await pagedPull(scoped, 0, 'provider warm-up');
  const first = await pagedPull(scoped, 0, 'provider first pull');
  const whole = await pagedPull(admin, 0, 'super administrator first pull');
  const cursors = [first.timestamp, whole.timestamp];
  const noop: [number[], number[]] = [[], []];
  for (let i = 0; i < 20; i++) {
    for (const [who, credentials] of [scoped, admin].entries()) {
      const pull = await pagedPull(credentials, cursors[who]!, 'nothing new', true);
      if (pull.records !== 0)
        throw new Error(`a pull with nothing new sent ${pull.records} records`);
      noop[who]!.push(pull.ms);
      cursors[who] = pull.timestamp;
    }
  }
  for (const [who, label] of ['provider', 'super administrator'].entries()) {
    const ms = noop[who]!;
    process.stdout.write(
      `${label}, nothing new: median ${median(ms).toFixed(1)} ms (${ms.map((v) => v.toFixed(0)).join(', ')})\n`,
    );
  }
  const { id: userId } = (await (
    await fetch(`${server.url}/api/auth/me`, { headers: { authorization: basicAuth(scoped) } })
  ).json()) as { id: string };
  await addToClinic(server.url, token, userId, secondClinic, providerPermissions);
  const joined = await pagedPull(scoped, cursors[0]!, `provider after joining ${secondClinic}`);
  const settled = await pagedPull(scoped, joined.timestamp, 'provider, next pull');
  await removeFromClinic(server.url, token, userId, secondClinic);
  const leaving = await pagedPull(
    scoped,
    settled.timestamp,
    `provider after leaving ${secondClinic}`,
  );
  await pagedPull(scoped, leaving.timestamp, 'provider, one pull later');
} finally {
  await server.stop();
  killAllChildren();
}
