import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

/**
 * A Chrome DevTools Protocol client over `--remote-debugging-pipe`: the
 * browser reads `\0`-terminated JSON messages from its fd 3 and writes them
 * to its fd 4. A pipe rather than a WebSocket because Node 20 has no
 * WebSocket client without a flag, and rather than Playwright because
 * Playwright enables domains (Network above all) that change what is measured.
 * Nothing is enabled here that the caller does not send itself.
 */
export interface CdpBrowser {
  /**
   * Sends a command to the browser, or to an attached target with its
   * `sessionId` (flat sessions); resolves with the result, or rejects with
   * the protocol error's message.
   */
  send<R = unknown>(method: string, params?: object, sessionId?: string): Promise<R>;
  /** Calls `listener` for each event named `method`; returns the unsubscribe. */
  on<P = unknown>(
    method: string,
    listener: (params: P, sessionId: string | undefined) => void,
  ): () => void;
  /** Attaches to the browser's first page (the one it opened on start); resolves with its session id. */
  attachToPage(): Promise<string>;
  /** Closes the browser, kills whatever of it remains and removes its profile. */
  close(): Promise<void>;
}

export interface LaunchOptions {
  readonly executablePath: string;
  /** Flags besides the pipe and the profile, which launch adds. */
  readonly args: readonly string[];
  /** A command still unanswered after this long fails, so a wedged browser cannot hang a run. */
  readonly commandTimeoutMs?: number;
}

interface Message {
  id?: number;
  method?: string;
  params?: unknown;
  sessionId?: string;
  result?: unknown;
  error?: { code: number; message: string; data?: string };
}

interface Pending {
  readonly method: string;
  readonly sessionId: string | undefined;
  readonly resolve: (result: unknown) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

/** Browsers not closed yet and their profiles, killed and removed when this process exits. */
const running = new Map<ChildProcess, string>();

function killGroup(child: ChildProcess): void {
  // The browser leads its own process group: its renderers and helpers go with it.
  try {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

process.on('exit', () => {
  for (const [child, profileDir] of running) {
    killGroup(child);
    rmSync(profileDir, { recursive: true, force: true });
  }
});

/** Starts Chromium on a fresh profile with a DevTools pipe and waits until it answers. */
export async function launchChromium(options: LaunchOptions): Promise<CdpBrowser> {
  const profileDir = mkdtempSync(join(tmpdir(), 'clinicsync-bench-chromium-'));
  const child = spawn(
    options.executablePath,
    [...options.args, '--remote-debugging-pipe', `--user-data-dir=${profileDir}`, 'about:blank'],
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'], detached: true },
  );
  running.set(child, profileDir);
  const toBrowser = child.stdio[3] as Writable;
  const fromBrowser = child.stdio[4] as Readable;
  const commandTimeoutMs = options.commandTimeoutMs ?? 120_000;

  // Kept for the error when the browser dies; read always, or a chatty
  // browser would fill the pipe and block on it.
  const stderrTail: string[] = [];
  child.stderr!.setEncoding('utf8').on('data', (text: string) => {
    stderrTail.push(...text.split('\n').filter((l) => l.trim() !== ''));
    stderrTail.splice(0, Math.max(0, stderrTail.length - 20));
  });

  let nextId = 1;
  const pending = new Map<number, Pending>();
  const listeners = new Map<
    string,
    Set<(params: unknown, sessionId: string | undefined) => void>
  >();
  let gone: Error | undefined;

  function failAll(error: Error, sessionId?: string): void {
    for (const [id, call] of pending) {
      if (sessionId !== undefined && call.sessionId !== sessionId) continue;
      pending.delete(id);
      clearTimeout(call.timer);
      call.reject(error);
    }
  }

  const exited = new Promise<void>((resolve) => {
    child.on('exit', (code, signal) => {
      gone ??= new Error(
        `chromium exited (${code ?? signal ?? 'unknown'}): ${stderrTail.slice(-3).join(' / ')}`,
      );
      failAll(gone);
      resolve();
    });
    // Spawning failed (no such file): there is no exit event to wait for.
    child.on('error', (error) => {
      gone ??= new Error(`chromium did not start: ${error.message}`);
      failAll(gone);
      resolve();
    });
  });
  // A write after the browser died is reported by the exit above, not thrown here.
  toBrowser.on('error', () => {});
  fromBrowser.on('error', () => {});

  function dispatch(message: Message): void {
    if (message.id !== undefined) {
      const call = pending.get(message.id);
      if (!call) return;
      pending.delete(message.id);
      clearTimeout(call.timer);
      if (message.error) {
        const detail = message.error.data ? ` (${message.error.data})` : '';
        call.reject(new Error(`${call.method}: ${message.error.message}${detail}`));
      } else {
        call.resolve(message.result ?? {});
      }
      return;
    }
    if (message.method === undefined) return;
    if (message.method === 'Target.detachedFromTarget') {
      // Commands sent to a session that is gone would otherwise never be answered.
      const { sessionId } = message.params as { sessionId: string };
      failAll(new Error(`target detached (session ${sessionId})`), sessionId);
    }
    for (const listener of listeners.get(message.method) ?? []) {
      listener(message.params, message.sessionId);
    }
  }

  // Messages are split on the byte \0 before decoding, so a multi-byte
  // character cut across two reads is never decoded in halves.
  let partial: Buffer[] = [];
  fromBrowser.on('data', (chunk: Buffer) => {
    let start = 0;
    for (let end = chunk.indexOf(0); end !== -1; end = chunk.indexOf(0, start)) {
      partial.push(chunk.subarray(start, end));
      const text = Buffer.concat(partial).toString('utf8');
      partial = [];
      start = end + 1;
      dispatch(JSON.parse(text) as Message);
    }
    if (start < chunk.length) partial.push(chunk.subarray(start));
  });

  const browser: CdpBrowser = {
    send<R>(method: string, params: object = {}, sessionId?: string): Promise<R> {
      if (gone) return Promise.reject(gone);
      const id = nextId++;
      return new Promise<R>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`${method}: no answer after ${commandTimeoutMs} ms`));
        }, commandTimeoutMs);
        pending.set(id, {
          method,
          sessionId,
          resolve: resolve as (result: unknown) => void,
          reject,
          timer,
        });
        const message: Message = { id, method, params };
        if (sessionId !== undefined) message.sessionId = sessionId;
        toBrowser.write(`${JSON.stringify(message)}\0`);
      });
    },

    on<P>(method: string, listener: (params: P, sessionId: string | undefined) => void) {
      const set = listeners.get(method) ?? new Set();
      listeners.set(method, set);
      const untyped = listener as (params: unknown, sessionId: string | undefined) => void;
      set.add(untyped);
      return () => set.delete(untyped);
    },

    async attachToPage() {
      interface TargetInfo {
        targetId: string;
        type: string;
      }
      // The page opened on start may not be registered yet when the browser
      // first answers: listen for its creation before asking for the list.
      let announce: (target: TargetInfo) => void = () => {};
      const announced = new Promise<TargetInfo>((resolve) => (announce = resolve));
      const stop = browser.on<{ targetInfo: TargetInfo }>('Target.targetCreated', (p) => {
        if (p.targetInfo.type === 'page') announce(p.targetInfo);
      });
      try {
        await browser.send('Target.setDiscoverTargets', { discover: true });
        const { targetInfos } = await browser.send<{ targetInfos: TargetInfo[] }>(
          'Target.getTargets',
        );
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('no page target after 10 s')), 10_000);
        });
        const page = await Promise.race([
          targetInfos.find((t) => t.type === 'page') ?? announced,
          timeout,
        ]).finally(() => clearTimeout(timer));
        const { sessionId } = await browser.send<{ sessionId: string }>('Target.attachToTarget', {
          targetId: page.targetId,
          flatten: true,
        });
        return sessionId;
      } finally {
        stop();
      }
    },

    async close() {
      if (!gone) {
        // Asked first, so the browser can flush its profile before it is removed.
        browser.send('Browser.close').catch(() => {});
        const grace = new Promise<void>((resolve) => setTimeout(resolve, 5_000).unref());
        await Promise.race([exited, grace]);
      }
      // Helpers outlive a browser killed or crashed; the group kill takes them too.
      killGroup(child);
      await exited;
      rmSync(profileDir, { recursive: true, force: true, maxRetries: 3 });
      running.delete(child);
    },
  };

  try {
    await browser.send('Browser.getVersion');
  } catch (error) {
    await browser.close();
    throw error;
  }
  return browser;
}
