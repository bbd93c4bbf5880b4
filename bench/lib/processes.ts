import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { peakRssMb, resetPeakRss, sampleRss } from './memory.js';

/** Every child we started, so that an exit of any kind kills them all. */
const children = new Set<ChildProcess>();

function killChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): void {
  // Each child leads its own process group: kill the group, grandchildren included.
  try {
    if (child.pid !== undefined) process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

export function killAllChildren(): void {
  for (const child of children) killChild(child);
  children.clear();
}

process.on('exit', killAllChildren);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    process.stderr.write(`bench: ${signal}, stopping every child process\n`);
    killAllChildren();
    process.exit(130);
  });
}

/** Node flags to run a TypeScript file; tsx by absolute URL, so a child's cwd does not matter. */
export const tsNodeArgs = ['--conditions=source', '--import', import.meta.resolve('tsx')];
const peersDir = join(import.meta.dirname, '..', 'peers');

interface Started {
  readonly child: ChildProcess;
  /** Resolves with the exit code (or signal name) and the last stderr lines. */
  readonly exited: Promise<{ code: number | string; stderrTail: string }>;
}

function start(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; onLine: (line: string) => void },
): Started {
  const child = spawn(command, args, {
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
    env: options.env ?? process.env,
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
  });
  children.add(child);
  const tail: string[] = [];
  createInterface({ input: child.stdout! }).on('line', options.onLine);
  createInterface({ input: child.stderr! }).on('line', (line) => {
    tail.push(line);
    if (tail.length > 20) tail.shift();
  });
  const exited = new Promise<{ code: number | string; stderrTail: string }>((resolve) => {
    child.on('exit', (code, signal) => {
      children.delete(child);
      resolve({ code: code ?? signal ?? 'unknown', stderrTail: tail.join('\n') });
    });
  });
  return { child, exited };
}

/** What one peer process did: its result, or why it failed; wall time and peak RSS. */
export interface PeerOutcome<R> {
  readonly ok: boolean;
  readonly result: R | undefined;
  readonly error: string | undefined;
  readonly wallMs: number;
  readonly peakRssMb: number;
}

export interface PeerOptions {
  readonly timeoutMs: number;
  /** Extra node flags, e.g. `--max-old-space-size=4096`. */
  readonly nodeArgs?: string[];
  readonly cwd?: string;
  readonly onMessage?: (kind: string, data: unknown) => void;
}

/** Runs `bench/peers/<name>.ts` in its own node process with `input` and waits for its result. */
export async function runPeer<R extends object>(
  name: string,
  input: object,
  options: PeerOptions,
): Promise<PeerOutcome<R>> {
  let result: (R & { maxRssMb?: number }) | undefined;
  const startedAt = performance.now();
  const started = start(
    process.execPath,
    [
      ...(options.nodeArgs ?? []),
      ...tsNodeArgs,
      join(peersDir, `${name}.ts`),
      JSON.stringify(input),
    ],
    {
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
      onLine(line) {
        const match = /^@@(\w+) (.*)$/.exec(line);
        if (!match) return;
        const data = JSON.parse(match[2]!) as unknown;
        if (match[1] === 'result') result = data as R & { maxRssMb?: number };
        else options.onMessage?.(match[1]!, data);
      },
    },
  );
  const sampler = sampleRss(started.child.pid!);
  const timer = setTimeout(() => killChild(started.child), options.timeoutMs);
  const { code, stderrTail } = await started.exited;
  clearTimeout(timer);
  const sampled = sampler.stop();
  const wallMs = performance.now() - startedAt;
  const peak = Math.max(result?.maxRssMb ?? 0, Number.isFinite(sampled) ? sampled : 0);
  if (code === 0 && result) return { ok: true, result, error: undefined, wallMs, peakRssMb: peak };
  const timedOut = wallMs >= options.timeoutMs;
  const reason = timedOut
    ? `timed out after ${Math.round(options.timeoutMs / 1000)} s`
    : /heap out of memory|Allocation failed/i.test(stderrTail)
      ? 'JavaScript heap out of memory'
      : `exit ${code}: ${lastMeaningfulLine(stderrTail)}`;
  return { ok: false, result: undefined, error: reason, wallMs, peakRssMb: peak };
}

function lastMeaningfulLine(text: string): string {
  const lines = text.split('\n').filter((l) => l.trim() !== '' && !/^\s+at /.test(l));
  const telling =
    lines.find((l) => l.startsWith('peer failed:')) ?? lines.find((l) => /Error\b/.test(l));
  return (telling ?? lines.at(-1) ?? '').slice(0, 300);
}

/** A long-lived process (the sync server, the PouchDB server) whose peak RSS is read per phase. */
export interface Service {
  readonly pid: number;
  readonly ready: unknown;
  /** Starts a phase: resets the peak RSS (falls back to sampling VmRSS). */
  beginPhase(): void;
  /** Ends a phase: the peak RSS in MB since beginPhase. */
  endPhase(): number;
  stop(): Promise<void>;
}

/**
 * Starts a service and waits until `isReady(line)` returns something for a
 * stdout line (JSON messages `@@ready …` or plain text), or fails with its stderr.
 */
export async function startService(
  command: string,
  args: string[],
  options: {
    env?: NodeJS.ProcessEnv;
    cwd?: string;
    timeoutMs: number;
    isReady: (line: string) => unknown;
  },
): Promise<Service> {
  let markReady: (value: unknown) => void = () => {};
  const readyPromise = new Promise<unknown>((resolve) => (markReady = resolve));
  const started = start(command, args, {
    ...(options.env === undefined ? {} : { env: options.env }),
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    onLine(line) {
      const value = options.isReady(line);
      if (value !== undefined) markReady(value);
    },
  });
  const pid = started.child.pid!;
  const failed = started.exited.then(({ code, stderrTail }) => {
    throw new Error(
      `${command} ${args[0] ?? ''} exited (${code}) before it was ready: ${lastMeaningfulLine(stderrTail)}`,
    );
  });
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(
      () => reject(new Error(`not ready after ${options.timeoutMs} ms`)),
      options.timeoutMs,
    ).unref(),
  );
  let ready: unknown;
  try {
    ready = await Promise.race([readyPromise, failed, timeout]);
  } catch (error) {
    killChild(started.child);
    throw error;
  }
  failed.catch(() => {}); // a later exit is seen by stop() or by the next request
  let sampler: { stop(): number } | undefined;
  let canReset = false;
  return {
    pid,
    ready,
    beginPhase() {
      canReset = resetPeakRss(pid);
      sampler = sampleRss(pid);
    },
    endPhase() {
      const sampled = sampler?.stop() ?? Number.NaN;
      sampler = undefined;
      return canReset ? Math.max(peakRssMb(pid), sampled) : sampled;
    },
    async stop() {
      killChild(started.child, 'SIGTERM');
      const forced = setTimeout(() => killChild(started.child), 15_000);
      await started.exited;
      clearTimeout(forced);
    },
  };
}
