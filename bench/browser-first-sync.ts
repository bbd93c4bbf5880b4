// `node --conditions=source --import tsx bench/browser-first-sync.ts [patients] [runs]`
//
// The web app's first sync in headless Chromium (Debian's, as the e2e tests
// use), at clinic scale: one clinic of 20,000 patients by default
// (`clinicsync seed --clinics 1 --patients 20000`: about 212,000 records),
// signed in as its provider on a fresh browser profile each run. Needs the
// web app built (`npm run build`). The server runs in this process on PGlite,
// or on PostgreSQL with TEST_DATABASE_URL.
//
// Each mode runs `runs` times: live, the server making each page as asked;
// then recorded, the pages of the first live run answered from memory by a
// proxy (bench/lib/replay-proxy.ts). This machine has two cores: live, the
// browser shares them with the server and PostgreSQL, and the figure is
// their sum; recorded, it is the browser's alone, as on a device whose
// server is elsewhere.
//
// Measured in the page: from the first pull request to the answer of the
// batch that stores `last_pulled_at` (the sync's end); where the pages' time
// went (the page reader worker fetching and reading each page, the database
// worker applying it; the two overlap); and the main thread's long
// tasks (over 50 ms, from the Long Tasks API) during the sync, whose longest
// must stay under 100 ms (those of loading and signing in are shown apart).
// After the first live sync, in the same page, searches for every hundredth
// patient are typed into the list's box three ways (bench/lib/browser-searches.ts)
// and timed to the patient listed, less the typing pause.
// Prints the tables; writes bench/results/<date>-browser-first-sync.json.
//
// Chromium is driven over a bare DevTools pipe (bench/lib/cdp-pipe.ts), not
// Playwright: Playwright enables the DevTools Network domain on every page,
// and with it Chromium's network agent copies and decodes each response body
// on the page's main thread. For this sync's 189 MB of pages that was about
// 15 s of main-thread work, some 50 long tasks of up to 440 ms and twice the
// download time, none of which a user's browser pays. Only the Page, Runtime
// and (with BENCH_PROFILE or BENCH_WORKER_PROFILES) Profiler and Target domains are
// enabled here; never Network.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { seedDatabase } from '@clinicsync/server';
import { startTestServer } from '@clinicsync/testing/server';
import { searchCases, timeSearchesExpression } from './lib/browser-searches.js';
import type { SearchCase } from './lib/browser-searches.js';
import { launchChromium } from './lib/cdp-pipe.js';
import { rendererPeakRssMb } from './lib/memory.js';
import { startReplayProxy } from './lib/replay-proxy.js';
import type { CdpBrowser } from './lib/cdp-pipe.js';
import { median, percentile } from './lib/stats.js';
import { formatNumber, formatTable } from './lib/table.js';
import { resultStamp, writeResultFile } from './lib/result-file.js';

const patients = Number(process.argv[2] ?? 20_000);
const runs = Number(process.argv[3] ?? 3);
/** With BENCH_PROFILE=<file>, the main thread's CPU profile of the first run (DevTools format). */
let profile = process.env['BENCH_PROFILE'];
/**
 * With BENCH_WORKER_PROFILES=<dir>, each worker's CPU profile of the first
 * run of each mode (`<mode>-<worker name>.cpuprofile`), and the top of each.
 */
const workerProfiles = process.env['BENCH_WORKER_PROFILES'];
const chromiumPath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** What the page records of its own sync; installed before the app starts. */
interface PageFigures {
  firstPullAt: number | null;
  endAt: number | null;
  /** Milliseconds from posting each pulled page's batch to the worker's answer. */
  batches: number[];
  /** Milliseconds of each main-thread task over 50 ms. */
  longTasks: { at: number; ms: number }[];
  /** Milliseconds from asking the page reader worker for each page to its answer (fetched, decoded, parsed, packed there). */
  pulls: number[];
}

/** The little of the browser's globals that `recordSync` touches (bench/ is typed for Node). */
interface PageGlobals {
  syncFigures: PageFigures;
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
    pulls: [],
  };
  page.syncFigures = figures;
  new page.PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      figures.longTasks.push({ at: entry.startTime, ms: entry.duration });
    }
  }).observe({ type: 'longtask', buffered: true });

  // The page's worker calls carry an id that its answer repeats; each worker
  // (the database's, the page reader's) counts its own ids.
  // No named inner functions: the bundler would wrap them in a helper the page lacks.
  const sent = new WeakMap<object, Map<number, { at: number; kind: 'pull' | 'batch' | 'last' }>>();
  const proto = page.Worker.prototype;
  const post = proto.postMessage;
  proto.postMessage = function (this: typeof proto, message: unknown, ...rest: unknown[]) {
    const call = message as { id?: number; type?: string; statements?: { params?: unknown[] }[] };
    const keys = call.statements?.map((s) => s.params?.[0]) ?? [];
    const pulled =
      call.type === 'pull' ||
      (call.type === 'batch' && (keys.includes('pull_next') || keys.includes('last_pulled_at')));
    if (pulled) {
      let calls = sent.get(this);
      if (!calls) {
        const mine = new Map<number, { at: number; kind: 'pull' | 'batch' | 'last' }>();
        calls = mine;
        sent.set(this, mine);
        this.addEventListener('message', (event) => {
          const answered = mine.get(event.data.id);
          if (!answered) return;
          mine.delete(event.data.id);
          const now = page.performance.now();
          (answered.kind === 'pull' ? figures.pulls : figures.batches).push(now - answered.at);
          if (answered.kind === 'last') figures.endAt = now;
        });
      }
      const kind =
        call.type === 'pull' ? 'pull' : keys.includes('last_pulled_at') ? 'last' : 'batch';
      const now = page.performance.now();
      figures.firstPullAt ??= now;
      calls.set(call.id!, { at: now, kind });
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

/**
 * `recordSync` as the page's source. The page runs its transpiled text, so
 * that text must not call tsx's helpers (a named inner function would).
 */
const recordSyncSource = `(${recordSync.toString()})();`;
if (recordSyncSource.includes('__name(')) {
  throw new Error('recordSync calls __name, which the page lacks: a named function inside it?');
}

interface RemoteObject {
  type: string;
  value?: unknown;
  unserializableValue?: string;
  description?: string;
}

interface ExceptionDetails {
  text: string;
  exception?: RemoteObject;
}

/** The app's page, attached over the pipe. */
interface PageSession {
  readonly browser: CdpBrowser;
  readonly id: string;
  /** Set when the page's renderer crashed, which no pending command reports. */
  crashed?: Error;
}

function describeException({ exception, text }: ExceptionDetails): string {
  return exception ? describe(exception) : text;
}

function describe(value: RemoteObject): string {
  if (value.unserializableValue !== undefined) return value.unserializableValue;
  if (typeof value.value === 'string') return value.value;
  if (value.value !== undefined) return JSON.stringify(value.value);
  return value.description ?? value.type;
}

/** The value of `expression` in the page (awaited, copied out as JSON); the page's exception is thrown. */
async function evaluate<T>(page: PageSession, expression: string): Promise<T> {
  const { result, exceptionDetails } = await page.browser.send<{
    result: RemoteObject;
    exceptionDetails?: ExceptionDetails;
  }>('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true }, page.id);
  if (exceptionDetails) {
    throw new Error(`in the page: ${describeException(exceptionDetails)}`);
  }
  return result.value as T;
}

/**
 * Polls `expression` every 250 ms until it is true; a string is a failure
 * the page shows, thrown at once. Between documents there is no context to
 * evaluate in: that counts as not yet.
 */
async function waitFor(
  page: PageSession,
  expression: string,
  what: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (page.crashed) throw page.crashed;
    let state: boolean | string = false;
    try {
      state = await evaluate<boolean | string>(page, expression);
    } catch (error) {
      if (!/context/i.test((error as Error).message)) throw error;
    }
    if (typeof state === 'string') throw new Error(`${what}: ${state}`);
    if (state) return;
    if (performance.now() > deadline) {
      throw new Error(`${what}: not after ${Math.round(timeoutMs / 1000)} s`);
    }
    await sleep(250);
  }
}

async function firstSync(
  baseUrl: string,
  user: { email: string; password: string },
  workerProfile: string | undefined,
  searches: readonly SearchCase[] = [],
): Promise<PageFigures & { rendererPeakMb: number; searchMs: (number | null)[] }> {
  const browser = await launchChromium({
    executablePath: chromiumPath,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
      // Playwright's viewport, so the app lays out about as it did (a headless
      // window's frame takes some of the height).
      '--window-size=1280,720',
    ],
  });
  try {
    const page: PageSession = { browser, id: await browser.attachToPage() };
    browser.on<{ status: string }>('Target.targetCrashed', (p) => {
      page.crashed = new Error(`the page crashed (${p.status})`);
    });
    browser.on<{ exceptionDetails: ExceptionDetails }>('Runtime.exceptionThrown', (p, id) => {
      if (id === page.id) console.error(`page error: ${describeException(p.exceptionDetails)}`);
    });
    browser.on<{ type: string; args: RemoteObject[] }>('Runtime.consoleAPICalled', (p, id) => {
      if (id === page.id && p.type === 'error') {
        console.error(`page console: ${p.args.map(describe).join(' ')}`);
      }
    });
    // Runtime for the page's errors, Page for the recording script. Not
    // Network: that is what this bench left Playwright to avoid.
    await browser.send('Runtime.enable', {}, page.id);
    await browser.send('Page.enable', {}, page.id);
    await browser.send(
      'Page.addScriptToEvaluateOnNewDocument',
      { source: recordSyncSource },
      page.id,
    );
    // Workers are attached as they start, held until the profiler runs in them.
    const workers: { name: string; session: string }[] = [];
    if (workerProfile) {
      browser.on<{ sessionId: string; targetInfo: { type: string; title: string } }>(
        'Target.attachedToTarget',
        (p) => {
          if (p.targetInfo.type !== 'worker') return;
          workers.push({ name: p.targetInfo.title, session: p.sessionId });
          void (async () => {
            await browser.send('Profiler.enable', {}, p.sessionId);
            await browser.send('Profiler.setSamplingInterval', { interval: 500 }, p.sessionId);
            await browser.send('Profiler.start', {}, p.sessionId);
            await browser.send('Runtime.runIfWaitingForDebugger', {}, p.sessionId);
          })();
        },
      );
      await browser.send(
        'Target.setAutoAttach',
        { autoAttach: true, waitForDebuggerOnStart: true, flatten: true },
        page.id,
      );
    }
    const profiling = profile !== undefined;
    if (profiling) {
      await browser.send('Profiler.enable', {}, page.id);
      await browser.send('Profiler.setSamplingInterval', { interval: 500 }, page.id);
      await browser.send('Profiler.start', {}, page.id);
    }
    const url = new URL('/', baseUrl).href;
    const loaded = await browser.send<{ errorText?: string }>('Page.navigate', { url }, page.id);
    if (loaded.errorText) throw new Error(`loading ${url}: ${loaded.errorText}`);
    await waitFor(page, `document.querySelector('#password') !== null`, 'the sign-in form', 60_000);
    // React keeps its own copy of an input's value: set the DOM's through the
    // native setter and say so with an input event, as typing would.
    await evaluate(
      page,
      `(() => {
        const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
        for (const [selector, value] of [['#email', ${JSON.stringify(user.email)}], ['#password', ${JSON.stringify(user.password)}]]) {
          const input = document.querySelector(selector);
          setValue.call(input, value);
          input.dispatchEvent(new Event('input', { bubbles: true }));
        }
      })()`,
    );
    // A later task than the typing, so React has rendered its state before the submit reads it.
    await evaluate(page, `document.querySelector('form button[type=submit]').click()`);
    await waitFor(
      page,
      `document.querySelector('#sign-in-error')?.textContent ?? (globalThis.syncFigures?.endAt != null)`,
      'the first sync',
      600_000,
    );
    if (profiling) {
      const { profile: cpu } = await browser.send<{ profile: CpuProfile }>(
        'Profiler.stop',
        {},
        page.id,
      );
      writeFileSync(profile!, JSON.stringify(cpu));
      console.log(`main thread profile written to ${profile}`);
      printTopFunctions(cpu);
    }
    for (const worker of workers) {
      const { profile: cpu } = await browser.send<{ profile: CpuProfile }>(
        'Profiler.stop',
        {},
        worker.session,
      );
      const file = `${workerProfile}-${worker.name}.cpuprofile`;
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(cpu));
      console.log(`${worker.name}: profile written to ${file}`);
      printTopFunctions(cpu);
    }
    const figures = await evaluate<PageFigures>(page, 'globalThis.syncFigures');
    const rendererPeakMb = rendererPeakRssMb();
    const searchMs =
      searches.length === 0
        ? []
        : await evaluate<(number | null)[]>(page, timeSearchesExpression(searches));
    return { ...figures, rendererPeakMb, searchMs };
  } finally {
    await browser.close();
  }
}

const server = await startTestServer();
const seeded = await seedDatabase(server.database.db, { seed: 1, clinics: 1, patients });
const provider = seeded.users.find((u) => u.role === 'provider');
if (!provider) throw new Error('the seed made no provider');
const proxy = await startReplayProxy(await server.listen());
console.log(`${seeded.rows} records seeded (${patients} patients); ${runs} runs of each mode`);
// Typed into the list once the first live sync has ended, in the same page.
const searches = await searchCases(server.database.db, 50);
let searchMs: (number | null)[] = [];

/** Live: the server makes each page as asked. Recorded: the pages of the first live run, from memory. */
const modes = ['live', 'recorded'] as const;

interface Outcome {
  readonly mode: (typeof modes)[number];
  readonly records: number;
  readonly ms: number;
  readonly recordsPerSecond: number;
  readonly workerMs: number;
  readonly pages: number;
  readonly longTasks: number;
  readonly longestTaskMs: number;
  readonly longestBeforeMs: number;
  /** Summed over pages: asking the page fetch worker for a page to its answer (fetched and read). */
  readonly pullMs: number;
  /** The page's renderer process (its workers included) at its highest, from loading to the sync's end. */
  readonly rendererPeakMb: number;
}
const outcomes: Outcome[] = [];
try {
  for (const mode of modes) {
    proxy.replay = mode === 'recorded';
    for (let run = 0; run < runs; run++) {
      const figures = await firstSync(
        proxy.url,
        { email: provider.email, password: seeded.password },
        workerProfiles && run === 0 ? join(workerProfiles, mode) : undefined,
        mode === 'live' && run === 0 ? searches : [],
      );
      if (figures.searchMs.length > 0) searchMs = figures.searchMs;
      const ms = figures.endAt! - figures.firstPullAt!;
      // Tasks that ended after the first pull was sent: the sync's, not the app's start.
      const during = figures.longTasks
        .filter((t) => t.at + t.ms > figures.firstPullAt! && t.at < figures.endAt!)
        .map((t) => t.ms);
      outcomes.push({
        mode,
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
        pullMs: sum(figures.pulls),
        rendererPeakMb: figures.rendererPeakMb,
      });
      console.log(`${mode} run ${run + 1}: ${Math.round(ms)} ms`);
      profile = undefined;
    }
  }
} finally {
  await proxy.close();
  await server.close();
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

const pick = (key: keyof Outcome) =>
  modes.map((mode) =>
    formatNumber(median(outcomes.filter((o) => o.mode === mode).map((o) => o[key] as number))),
  );
console.log(
  formatTable(
    ['figure (median)', 'live server', 'recorded pages', 'target'],
    [
      ['records', ...pick('records'), ''],
      ['first sync (ms)', ...pick('ms'), `≤ ${formatNumber((seeded.rows / 30_000) * 1000)}`],
      ['records/s', ...pick('recordsPerSecond'), '≥ 30,000'],
      ['page fetch worker answering pulls: fetch, read (ms)', ...pick('pullMs'), ''],
      ['database worker applying pages (ms)', ...pick('workerMs'), ''],
      ['pages', ...pick('pages'), ''],
      ['renderer peak RSS, workers included (MB)', ...pick('rendererPeakMb'), ''],
      ['main-thread tasks over 50 ms during the sync', ...pick('longTasks'), ''],
      ['longest main-thread task during the sync (ms)', ...pick('longestTaskMs'), '≤ 100'],
      ['longest before it (loading, signing in; ms)', ...pick('longestBeforeMs'), ''],
    ],
  ),
);
const searchRows = [...new Set(searches.map((c) => c.kind)), 'all'].map((kind) => {
  const times = searchMs.filter((_, i) => kind === 'all' || searches[i]!.kind === kind);
  const found = times.filter((t): t is number => t !== null);
  return [
    kind,
    formatNumber(found.length),
    formatNumber(times.length - found.length),
    formatNumber(percentile(found, 50), 1),
    formatNumber(percentile(found, 95), 1),
    formatNumber(Math.max(...found), 1),
  ];
});
console.log(
  formatTable(
    [
      'search in Chromium after the sync (ms, less the typing pause)',
      'found',
      'not found',
      'p50',
      'p95 (≤ 30)',
      'max',
    ],
    searchRows,
  ),
);
const file = writeResultFile(`${resultStamp()}-browser-first-sync`, {
  patients,
  runs,
  outcomes,
  searches: searches.map((c, i) => ({ ...c, ms: searchMs[i] ?? null })),
});
console.log(`written to ${file}`);
