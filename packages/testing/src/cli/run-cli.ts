import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase } from '../server/test-database.js';

// The command is run as a user runs it, from the repository: a process, not
// an import, so this package does not depend on the command line package.
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
export const binPath = join(repoRoot, 'packages/cli/bin/clinicsync.js');

/**
 * Compiles the packages (incremental: quick when nothing changed), so the
 * tests run the command a user runs, `bin/clinicsync.js` over `dist/`.
 */
export function buildOnce(): void {
  spawnSync('npx', ['tsc', '-b'], { cwd: repoRoot, stdio: 'ignore' });
  if (!existsSync(join(repoRoot, 'packages/cli/dist/main.js'))) {
    throw new Error('packages/cli/dist/main.js is missing: run `npx tsc -b` and fix its errors');
  }
}

/** The environment without the variables the command reads, plus `extra`. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of [
    'DATABASE_URL',
    'PORT',
    'HOST',
    'ADMIN_EMAIL',
    'ADMIN_PASSWORD',
    'CLINICSYNC_PASSWORD',
    'LOG_LEVEL',
    'MAX_BODY_MB',
    'SYNC_CONFLICTS',
    'TOKEN_TTL_HOURS',
    'FULL_PULLS_PER_HOUR',
    'FULL_PULLS_AT_ONCE',
    'REQUEST_TIMEOUT_S',
    'TLS_CERT',
    'TLS_KEY',
    'TRUST_PROXY',
    'BACKUP_PASSPHRASE',
  ]) {
    delete env[name];
  }
  return { ...env, ...extra };
}

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `clinicsync …args` to completion. */
export function runCli(
  args: readonly string[],
  env: Record<string, string> = {},
  timeoutMs = 200_000,
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [binPath, ...args], {
      env: cleanEnv(env),
      cwd: repoRoot,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `clinicsync ${args.join(' ')} did not finish in ${timeoutMs} ms:\n${stdout}\n${stderr}`,
        ),
      );
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A prompt to wait for on the terminal, and the line to type when it shows. */
export interface TerminalAnswer {
  readonly prompt: RegExp;
  readonly reply: string;
}

const shellQuote = (word: string) => `'${word.replaceAll("'", "'\\''")}'`;

/**
 * Runs `clinicsync …args` on a pseudo-terminal (util-linux `script`), typing
 * each reply once its prompt shows, as a person would. Its stdout and stderr
 * come back together in `stdout`, with what the terminal echoed.
 */
export function runCliOnTerminal(
  args: readonly string[],
  answers: readonly TerminalAnswer[],
  env: Record<string, string> = {},
  timeoutMs = 200_000,
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const command = [process.execPath, binPath, ...args].map(shellQuote).join(' ');
    const child = spawn('script', ['-qec', command, '/dev/null'], {
      env: cleanEnv(env),
      cwd: repoRoot,
    });
    let output = '';
    let answered = 0;
    let seen = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const next = answers[answered];
      if (next && next.prompt.test(output.slice(seen))) {
        seen = output.length;
        answered++;
        child.stdin.write(`${next.reply}\r`);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`clinicsync ${args.join(' ')} did not finish in ${timeoutMs} ms:\n${output}`),
      );
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: output, stderr: '' });
    });
  });
}

/** A running `clinicsync serve`: its output so far, and how to wait for a line or stop it. */
export interface ServerProcess {
  readonly child: ChildProcess;
  output(): string;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
}

const running = new Set<ChildProcess>();

export function startServer(
  args: readonly string[],
  env: Record<string, string> = {},
): ServerProcess {
  const child = spawn(
    process.execPath,
    [binPath, 'serve', '--port', '0', '--log-level', 'warn', ...args],
    {
      env: cleanEnv(env),
      cwd: repoRoot,
    },
  );
  running.add(child);
  let text = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    text += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolve) => {
    child.on('close', (code) => {
      running.delete(child);
      for (const listener of listeners) listener();
      resolve(code);
    });
  });
  return {
    child,
    output: () => text,
    waitFor(pattern, timeoutMs = 200_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = text.match(pattern);
          if (match) {
            done();
            resolve(match);
          } else if (child.exitCode !== null) {
            done();
            reject(
              new Error(
                `the server exited (${child.exitCode}) before printing ${pattern}:\n${text}`,
              ),
            );
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${text}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Kills the servers a test left running (by their own handles, never by name). */
export function killServers(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

export interface Storage {
  /** Flags or environment that point the command at this storage. */
  readonly args: string[];
  readonly env: Record<string, string>;
  cleanup(): Promise<void>;
}

/**
 * Fresh storage for one scenario: a temporary `--data` directory (PGlite),
 * or a fresh PostgreSQL database when TEST_DATABASE_URL is set.
 */
export async function freshStorage(): Promise<Storage> {
  if (process.env['TEST_DATABASE_URL']) {
    const database = await createTestDatabase();
    return { args: [], env: { DATABASE_URL: database.url! }, cleanup: () => database.drop() };
  }
  const dir = mkdtempSync(join(tmpdir(), 'clinicsync-cli-'));
  return {
    args: ['--data', join(dir, 'data')],
    env: {},
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** POST /api/auth/sign-in on a running server. */
export async function signIn(url: string, email: string, password: string): Promise<number> {
  const response = await fetch(`${url}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  await response.body?.cancel();
  return response.status;
}
