// `node --conditions=source --import tsx bench/server-pages.ts [patients] [runs]`
//
// The server alone producing a first sync's pages: one clinic of 20,000
// patients by default (`clinicsync seed --clinics 1 --patients 20000`, as
// bench/browser-first-sync.ts), pulled page by page (5,000 records) by its
// provider with a Bearer token, as the web app does, by a loop of `fetch`es
// that only finds each page's `next`: no device work, so this is the floor
// any device's first sync stands on. Each run is taken without compression
// and with brotli (what a browser asks for). The server runs in this process
// on PGlite, or on PostgreSQL with TEST_DATABASE_URL (where it reads each next
// page ahead: sync/pull/page-read-ahead.ts). With TEST_DATABASE_READ_URL too
// (`.ci/replica start`), the pulls read from that streaming replica, and the
// table shows the CPU each PostgreSQL server spent (docs/scaling.md).
// Prints a table; writes bench/results/<date>-server-pages.json.
import { get } from 'node:http';
import { brotliDecompressSync } from 'node:zlib';
import { seedDatabase } from '@clinicsync/server';
import { startTestServer } from '@clinicsync/testing/server';
import { databaseCpuMeter, processCpuMs } from './lib/postgres-cpu.js';
import { median } from './lib/stats.js';
import { formatNumber, formatTable } from './lib/table.js';
import { resultStamp, writeResultFile } from './lib/result-file.js';

const patients = Number(process.argv[2] ?? 20_000);
const runs = Number(process.argv[3] ?? 3);
const encodings = ['identity', 'br'] as const;

interface Outcome {
  readonly encoding: (typeof encodings)[number];
  readonly ms: number;
  /** Summed over pages: from sending the request to its answer's headers. */
  readonly headersMs: number;
  /** Summed over pages: from the headers to the body's last byte. */
  readonly bodyMs: number;
  readonly pages: number;
  /** Bytes on the wire (compressed where asked). */
  readonly bytes: number;
  /** CPU of the database's backends on the primary and on the replica (0 without one) over the run. */
  readonly primaryCpuMs: number;
  readonly replicaCpuMs: number;
  /** CPU of this process (the server, and the loop's few requests) over the run. */
  readonly serverCpuMs: number;
}

/** The `next` of a page, found in its last bytes (it closes the answer). */
function nextOf(body: Buffer): string | null {
  const tail = body.subarray(Math.max(0, body.length - 600)).toString('utf8');
  return /"next":"([^"]+)"/.exec(tail)?.[1] ?? null;
}

/** One GET, its body as sent on the wire counted, then decoded (as a device must). */
function getPage(
  url: string,
  token: string,
  encoding: Outcome['encoding'],
): Promise<{ status: number; headersAt: number; wireBytes: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const request = get(
      url,
      { headers: { authorization: `Bearer ${token}`, 'accept-encoding': encoding } },
      (response) => {
        const headersAt = performance.now();
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const wire = Buffer.concat(chunks);
          const body =
            response.headers['content-encoding'] === 'br' ? brotliDecompressSync(wire) : wire;
          resolve({ status: response.statusCode ?? 0, headersAt, wireBytes: wire.length, body });
        });
      },
    );
    request.on('error', reject);
  });
}

async function pullAll(
  baseUrl: string,
  token: string,
  encoding: Outcome['encoding'],
): Promise<Omit<Outcome, 'primaryCpuMs' | 'replicaCpuMs' | 'serverCpuMs'>> {
  let next: string | null = null;
  let pages = 0;
  let bytes = 0;
  let headersMs = 0;
  let bodyMs = 0;
  const started = performance.now();
  do {
    const query = new URLSearchParams({ last_pulled_at: '0', schema_version: '9', limit: '5000' });
    if (next) query.set('next', next);
    const sent = performance.now();
    const answer = await getPage(`${baseUrl}/api/v2/sync?${query}`, token, encoding);
    headersMs += answer.headersAt - sent;
    bodyMs += performance.now() - answer.headersAt;
    bytes += answer.wireBytes;
    if (answer.status !== 200) {
      throw new Error(`page ${pages + 1}: ${answer.status} ${answer.body.toString()}`);
    }
    const body = answer.body;
    pages += 1;
    next = nextOf(body);
  } while (next);
  return { encoding, ms: performance.now() - started, headersMs, bodyMs, pages, bytes };
}

const server = await startTestServer({ readReplica: true });
const seeded = await seedDatabase(server.database.db, { seed: 1, clinics: 1, patients });
await server.replica?.catchUp();
const noMeter = { start() {}, stop: () => 0 };
const primaryCpu =
  server.database.db.engine === 'postgres' ? await databaseCpuMeter(server.database.db) : noMeter;
const replicaCpu = server.replica ? await databaseCpuMeter(server.replica.db) : noMeter;
// The database's size on disk after the seed, for docs/scaling.md's sizing.
const [size] =
  server.database.db.engine === 'postgres'
    ? await server.database.db.query<{ bytes: number }>(
        'SELECT pg_database_size(current_database()) AS bytes',
      )
    : [];
const provider = seeded.users.find((u) => u.role === 'provider');
if (!provider) throw new Error('the seed made no provider');
const baseUrl = await server.listen();
const signedIn = await fetch(`${baseUrl}/api/auth/sign-in`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ email: provider.email, password: seeded.password }),
});
const { token } = (await signedIn.json()) as { token: string };
console.log(
  `${seeded.rows} records seeded (${patients} patients) on ${server.database.db.engine}${server.replica ? ', pulls read from a replica' : ''}; ${runs} runs` +
    (size
      ? `; database ${(size.bytes / 2 ** 20).toFixed(0)} MiB (${Math.round(size.bytes / seeded.rows)} bytes a record)`
      : ''),
);

// The server runs in this process.
const ownCpuMs = () => processCpuMs(process.pid) ?? Number.NaN;
const outcomes: Outcome[] = [];
try {
  for (let run = 0; run < runs; run++) {
    for (const encoding of encodings) {
      primaryCpu.start();
      replicaCpu.start();
      const cpuBefore = ownCpuMs();
      const outcome = {
        ...(await pullAll(baseUrl, token, encoding)),
        primaryCpuMs: primaryCpu.stop(),
        replicaCpuMs: replicaCpu.stop(),
        serverCpuMs: ownCpuMs() - cpuBefore,
      };
      outcomes.push(outcome);
      console.log(`run ${run + 1}, ${encoding}: ${Math.round(outcome.ms)} ms`);
    }
  }
} finally {
  await server.close();
}

const rows = encodings.map((encoding) => {
  const of = outcomes.filter((o) => o.encoding === encoding);
  const pick = (
    key: 'ms' | 'headersMs' | 'bodyMs' | 'bytes' | 'primaryCpuMs' | 'replicaCpuMs' | 'serverCpuMs',
  ) => median(of.map((o) => o[key]));
  return [
    encoding,
    formatNumber(pick('ms')),
    formatNumber(seeded.rows / (pick('ms') / 1000)),
    formatNumber(pick('headersMs')),
    formatNumber(pick('bodyMs')),
    formatNumber(of[0]!.pages),
    formatNumber(pick('bytes') / seeded.rows),
    formatNumber(pick('serverCpuMs')),
    formatNumber(pick('primaryCpuMs')),
    formatNumber(pick('replicaCpuMs')),
  ];
});
console.log(
  formatTable(
    [
      'encoding',
      'all pages (ms)',
      'records/s',
      'waiting for headers (ms)',
      'bodies (ms)',
      'pages',
      'bytes/record',
      'server process CPU (ms)',
      'primary PostgreSQL CPU (ms)',
      'replica CPU (ms)',
    ],
    rows,
  ),
);
const file = writeResultFile(`${resultStamp()}-server-pages`, {
  patients,
  runs,
  engine: server.database.db.engine,
  replica: server.replica !== undefined,
  records: seeded.rows,
  databaseBytes: size?.bytes ?? null,
  outcomes,
});
console.log(`written to ${file}`);
