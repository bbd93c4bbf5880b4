import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { CliError } from './cli-error.js';

export interface RunningTool {
  readonly child: ChildProcess;
  /** Resolves when the tool exits 0; rejects with its own first line of error otherwise. */
  readonly finished: Promise<void>;
}

/**
 * Starts a PostgreSQL client tool (pg_dump, pg_restore). Its stdin and
 * stdout are pipes when asked for, else closed; its stderr becomes the one
 * line of a failure.
 */
export function startTool(
  tool: string,
  args: readonly string[],
  pipes: { stdin?: boolean; stdout?: boolean } = {},
): RunningTool {
  const child = spawn(tool, args, {
    stdio: [pipes.stdin ? 'pipe' : 'ignore', pipes.stdout ? 'pipe' : 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const finished = new Promise<void>((done, fail) => {
    child.on('error', (error: NodeJS.ErrnoException) =>
      fail(
        new CliError(
          error.code === 'ENOENT'
            ? `${tool} is not installed: install PostgreSQL's client tools (apt-get install postgresql-client).`
            : `${tool} failed: ${error.message}`,
        ),
      ),
    );
    child.on('close', (code, signal) =>
      code === 0
        ? done()
        : fail(
            new CliError(
              `${tool} failed: ${stderr.trim().split('\n')[0] || (signal ? `stopped by ${signal}` : `exit ${code}`)}`,
            ),
          ),
    );
  });
  return { child, finished };
}

/** Runs a PostgreSQL client tool to its end, with no input or output but its errors. */
export function runTool(tool: string, args: readonly string[]): Promise<void> {
  return startTool(tool, args).finished;
}

/**
 * Waits for a stream feeding or fed by a tool and for the tool itself, and
 * throws the error that explains the failure: ours (a backup that does not
 * decrypt) before the tool's, the tool's before a broken pipe.
 */
export async function settleWithTool(stream: Promise<unknown>, tool: RunningTool): Promise<void> {
  const [fed, ran] = await Promise.allSettled([stream, tool.finished]);
  if (fed.status === 'rejected' && fed.reason instanceof CliError) throw fed.reason;
  if (ran.status === 'rejected') throw ran.reason;
  if (fed.status === 'rejected') throw fed.reason;
}
