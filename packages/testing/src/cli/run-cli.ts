import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listMigrations, openDatabase } from '@clinicsync/server';
import { createTestDatabase } from '../server/test-database.js';

// The command is run as a user runs it, from the repository: a process, not
// an import, so this package does not depend on the command line package.
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
export const binPath = join(repoRoot, 'packages/cli/bin/clinicsync.js');

/** Set by the test run's global setup (build-for-tests.ts) once it has compiled the packages. */
export const builtForTestsVariable = 'CLINICSYNC_TESTS_BUILT';

/**
 * Compiles the packages (incremental: quick when nothing changed), so the
 * tests run the command a user runs, `bin/clinicsync.js` over `dist/`. Done
 * once per test run when the run's global setup did it.
 */
export function buildOnce(): void {
  if (process.env[builtForTestsVariable] === '1') return;
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
  // A copy (modes kept) of a data directory made and migrated once: creating
  // one costs PGlite's initdb and every migration, 5 to 15 s a scenario.
  cpSync(await templateDataDir(), join(dir, 'data'), { recursive: true });
  return {
    args: ['--data', join(dir, 'data')],
    env: {},
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The package.json of the package holding `file` (a package may not export its own). */
function packageJsonOf(file: string): string {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'package.json');
  }
  throw new Error(`no package.json above ${file}`);
}

/**
 * An embedded data directory with every migration applied, made once per
 * migration set and PGlite version and shared by the test processes (made
 * aside, then renamed into place, so a process never sees half of one).
 */
let templateMade: Promise<string> | undefined;

function templateDataDir(): Promise<string> {
  // Once per process: the key reads every migration file.
  templateMade ??= makeTemplateDataDir();
  return templateMade;
}

async function makeTemplateDataDir(): Promise<string> {
  const pglite = packageJsonOf(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  const key = createHash('sha256')
    .update(readFileSync(pglite))
    .update(JSON.stringify(listMigrations()))
    .digest('hex')
    .slice(0, 16);
  const template = join(tmpdir(), `clinicsync-test-template-${key}`);
  if (existsSync(join(template, 'ready'))) return join(template, 'data');
  const staging = mkdtempSync(join(tmpdir(), 'clinicsync-test-template-'));
  const db = await openDatabase({ dataDir: join(staging, 'data') });
  await db.close();
  writeFileSync(join(staging, 'ready'), key);
  try {
    renameSync(staging, template);
  } catch {
    // Another test process put its copy there first: the same directory.
    rmSync(staging, { recursive: true, force: true });
  }
  return join(template, 'data');
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
