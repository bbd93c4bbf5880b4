// `node --conditions=source --import tsx bench/browser-first-sync.ts [patients] [runs]`
//
// The web app's first sync in headless Chromium (Debian's, as the e2e tests
// use), at clinic scale: one clinic of 20,000 patients by default
// (`clinicsync seed --clinics 1 --patients 20000`: about 212,000 records),
// signed in as its provider on a fresh browser profile each run. Needs the
// web app built (`npm run build`). The server runs in this process on PGlite,
// or on PostgreSQL with TEST_DATABASE_URL.
//
// Measured in the page: from the first pull request to the answer of the
// batch that stores `last_pulled_at` (the sync's end); where the pages' time
// went (waiting for the server's answer, downloading its body, the database
// worker reading and then applying each page); and the main thread's long
// tasks (over 50 ms, from the Long Tasks API) during the sync, whose longest
// must stay under 100 ms (those of loading and signing in are shown apart).
// Prints a table; writes bench/results/<date>-browser-first-sync.json.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Page } from 'playwright-core';
import { seedDatabase } from '@clinicsync/server';
import { startTestServer } from '@clinicsync/testing/server';
import { median } from './lib/stats.js';
import { formatNumber, formatTable } from './lib/table.js';

const patients = Number(process.argv[2] ?? 20_000);
const runs = Number(process.argv[3] ?? 3);
/** With BENCH_PROFILE=<file>, the main thread's CPU profile of the first run (DevTools format). */
let profile = process.env['BENCH_PROFILE'];
const chromiumPath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** What the page records of its own sync; installed before the app starts. */
interface PageFigures {
  firstPullAt: number | null;
  endAt: number | null;
  /** Milliseconds from posting each pulled page's batch to the worker's answer. */
  batches: number[];
  /** Milliseconds of each main-thread task over 50 ms. */
  longTasks: { at: number; ms: number }[];
  /** Milliseconds from each pull request to its answer's headers (the server's page), and on to its whole body. */
  waits: number[];
  downloads: number[];
  /** Milliseconds from posting each page's body to the worker to its answer (decoded, parsed, encoded there). */
  stages: number[];
}

/** The little of the browser's globals that `recordSync` touches (bench/ is typed for Node). */
interface PageGlobals {
  syncFigures: PageFigures;
  fetch: (
    input: unknown,
    init?: { method?: string },
  ) => Promise<{ arrayBuffer(): Promise<{ byteLength: number }> }>;
  PerformanceObserver: new (
    callback: (list: { getEntries(): { startTime: number; duration: number }[] }) => void,
  ) => {
    observe(options: { type: string; buffered: boolean }): void;
  };
  performance: { now(): number };
  Worker: {
    prototype: {
      postMessage(message: unknown, ...rest: unknown[]): void;
      addEventListener(type: 'message', listener: (event: { data: { id: number } }) => void): void;
    };
  };
}

function recordSync(): void {
  const page = globalThis as unknown as PageGlobals;
  const figures: PageFigures = {
    firstPullAt: null,
    endAt: null,
    batches: [],
    longTasks: [],
    waits: [],
    downloads: [],
    stages: [],
  };
  page.syncFigures = figures;
  new page.PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      figures.longTasks.push({ at: entry.startTime, ms: entry.duration });
    }
  }).observe({ type: 'longtask', buffered: true });

  const fetchOf = page.fetch.bind(page);
  page.fetch = (input, init) => {
    const url =
      typeof input === 'string' ? input : String((input as { url?: string }).url ?? input);
    if (!/\/sync\?/.test(url) || (init?.method ?? 'GET') !== 'GET') return fetchOf(input, init);
    const requestedAt = page.performance.now();
    figures.firstPullAt ??= requestedAt;
    return fetchOf(input, init).then((response) => {
      const answered = page.performance.now();
      figures.waits.push(answered - requestedAt);
      const read = response.arrayBuffer.bind(response);
      response.arrayBuffer = () =>
        read().then((body) => {
          figures.downloads.push(page.performance.now() - answered);
          return body;
        });
      return response;
    });
  };

  // The page's worker calls carry an id that its answer repeats.
  // No named inner functions: the bundler would wrap them in a helper the page lacks.
  const sent = new Map<number, { at: number; kind: 'stage' | 'batch' | 'last' }>();
  const heard = new WeakSet<object>();
  const proto = page.Worker.prototype;
  const post = proto.postMessage;
  proto.postMessage = function (this: typeof proto, message: unknown, ...rest: unknown[]) {
    const call = message as { id?: number; type?: string; statements?: { params?: unknown[] }[] };
    const keys = call.statements?.map((s) => s.params?.[0]) ?? [];
    const pulled =
      call.type === 'stage' ||
      (call.type === 'batch' && (keys.includes('pull_next') || keys.includes('last_pulled_at')));
    if (pulled) {
      if (!heard.has(this)) {
        heard.add(this);
        this.addEventListener('message', (event) => {
          const answered = sent.get(event.data.id);
          if (!answered) return;
          sent.delete(event.data.id);
          const now = page.performance.now();
          (answered.kind === 'stage' ? figures.stages : figures.batches).push(now - answered.at);
          if (answered.kind === 'last') figures.endAt = now;
        });
      }
      const kind =
        call.type === 'stage' ? 'stage' : keys.includes('last_pulled_at') ? 'last' : 'batch';
      sent.set(call.id!, { at: page.performance.now(), kind });
    }
    post.call(this, message, ...rest);
  };
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples?: number[];
  timeDeltas?: number[];
}

/** The functions the main thread spent most of its own time in. */
function printTopFunctions(cpu: CpuProfile): void {
  const byId = new Map(cpu.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  const samples = cpu.samples ?? [];
  const deltas = cpu.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const frame = byId.get(samples[i]!)!.callFrame;
    const name = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop()}:${frame.lineNumber}`;
    self.set(name, (self.get(name) ?? 0) + (deltas[i] ?? 0) / 1000);
  }
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 20);
  console.log(
    formatTable(
      ['function (self time)', 'ms'],
      top.map(([n, ms]) => [n, formatNumber(ms)]),
    ),
  );
}

async function firstSync(baseUrl: string, user: { email: string; password: string }) {
  const profileDir = mkdtempSync(join(tmpdir(), 'clinicsync-bench-chromium-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath,
    headless: true,
    baseURL: baseUrl,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  try {
    const page: Page = context.pages()[0] ?? (await context.newPage());
    await page.addInitScript(recordSync);
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') console.error(`page console: ${message.text()}`);
    });
    const profiler = profile ? await context.newCDPSession(page) : null;
    if (profiler) {
      await profiler.send('Profiler.enable');
      await profiler.send('Profiler.setSamplingInterval', { interval: 500 });
      await profiler.send('Profiler.start');
    }
    await page.goto('/');
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForFunction(
      () => (globalThis as unknown as PageGlobals).syncFigures.endAt !== null,
      undefined,
      { timeout: 600_000, polling: 250 },
    );
    if (profiler) {
      const { profile: cpu } = await profiler.send('Profiler.stop');
      writeFileSync(profile!, JSON.stringify(cpu));
      console.log(`main thread profile written to ${profile}`);
      printTopFunctions(cpu as CpuProfile);
    }
    return await page.evaluate(() => (globalThis as unknown as PageGlobals).syncFigures);
  } finally {
    await context.close();
    rmSync(profileDir, { recursive: true, force: true });
  }
}

const server = await startTestServer();
const seeded = await seedDatabase(server.database.db, { seed: 1, clinics: 1, patients });
const provider = seeded.users.find((u) => u.role === 'provider');
if (!provider) throw new Error('the seed made no provider');
const baseUrl = await server.listen();
console.log(`${seeded.rows} records seeded (${patients} patients); ${runs} runs`);

interface Outcome {
  readonly records: number;
  readonly ms: number;
  readonly recordsPerSecond: number;
  readonly workerMs: number;
  readonly pages: number;
  readonly longTasks: number;
  readonly longestTaskMs: number;
  readonly longestBeforeMs: number;
  readonly serverWaitMs: number;
  readonly downloadMs: number;
  readonly stageMs: number;
}
const outcomes: Outcome[] = [];
try {
  for (let run = 0; run < runs; run++) {
    const figures = await firstSync(baseUrl, { email: provider.email, password: seeded.password });
    const ms = figures.endAt! - figures.firstPullAt!;
    // Tasks that ended after the first pull was sent: the sync's, not the app's start.
    const during = figures.longTasks
      .filter((t) => t.at + t.ms > figures.firstPullAt! && t.at < figures.endAt!)
      .map((t) => t.ms);
    outcomes.push({
      records: seeded.rows,
      ms,
      recordsPerSecond: seeded.rows / (ms / 1000),
      workerMs: sum(figures.batches),
      pages: figures.batches.length,
      longTasks: during.length,
      longestTaskMs: Math.max(0, ...during),
      longestBeforeMs: Math.max(
        0,
        ...figures.longTasks.filter((t) => t.at < figures.firstPullAt!).map((t) => t.ms),
      ),
      serverWaitMs: sum(figures.waits),
      downloadMs: sum(figures.downloads),
      stageMs: sum(figures.stages),
    });
    console.log(`run ${run + 1}: ${Math.round(ms)} ms`);
    profile = undefined;
  }
} finally {
  await server.close();
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

const pick = (key: keyof Outcome) => median(outcomes.map((o) => o[key]));
console.log(
  formatTable(
    ['figure', 'median', 'target'],
    [
      ['records', formatNumber(pick('records')), ''],
      [
        'first sync (ms)',
        formatNumber(pick('ms')),
        `≤ ${formatNumber((seeded.rows / 30_000) * 1000)}`,
      ],
      ['records/s', formatNumber(pick('recordsPerSecond')), '≥ 30,000'],
      ['pull requests waiting for the server (ms)', formatNumber(pick('serverWaitMs')), ''],
      ['pages downloading after their headers (ms)', formatNumber(pick('downloadMs')), ''],
      ['worker reading pages (ms)', formatNumber(pick('stageMs')), ''],
      ['worker applying pages (ms)', formatNumber(pick('workerMs')), ''],
      ['pages', formatNumber(pick('pages')), ''],
      ['main-thread tasks over 50 ms during the sync', formatNumber(pick('longTasks')), ''],
      [
        'longest main-thread task during the sync (ms)',
        formatNumber(pick('longestTaskMs')),
        '≤ 100',
      ],
      ['longest before it (loading, signing in; ms)', formatNumber(pick('longestBeforeMs')), ''],
    ],
  ),
);
const dir = new URL('./results/', import.meta.url);
mkdirSync(dir, { recursive: true });
const stamp = new Date().toISOString().slice(0, 16).replace(/:/g, '');
const file = new URL(`${stamp}-browser-first-sync.json`, dir);
writeFileSync(file, `${JSON.stringify({ patients, runs, outcomes }, null, 2)}\n`);
console.log(`written to ${file.pathname}`);
