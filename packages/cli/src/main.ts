import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { adminCommand } from './admin-command.js';
import { backupCommand, restoreCommand } from './backup-command.js';
import { describeError } from './cli-error.js';
import { deviceCommand } from './device-command.js';
import { seedCommand } from './seed-command.js';
import { serveCommand } from './serve-command.js';

const { version } = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
) as {
  version: string;
};

/** Commander's error message on one line: "error: unknown option '--prot' (Did you mean --port?)". */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim() + '\n';
}

/** Applies the same error handling to a command and all its subcommands. */
function configure(command: Command): void {
  command
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(oneLine(text)) })
    .showHelpAfterError(false);
  for (const sub of command.commands) configure(sub);
}

/** The `clinicsync` program: serve, admin, seed, device, backup, restore. */
export function buildProgram(): Command {
  const program = new Command('clinicsync')
    .description(
      'ClinicSync: an offline-first clinical records sync server, compatible with WatermelonDB and Hikma Health.',
    )
    .version(version, '-v, --version')
    .addCommand(serveCommand())
    .addCommand(adminCommand())
    .addCommand(seedCommand())
    .addCommand(deviceCommand())
    .addCommand(backupCommand())
    .addCommand(restoreCommand())
    .helpCommand(true);
  configure(program);
  return program;
}

/**
 * Runs the command line and returns the exit code: 0 done, 1 failed,
 * 2 bad usage. Errors are printed as one line on stderr, never a stack trace.
 *
 * @example
 * process.exitCode = await main(process.argv);
 */
export async function main(argv: readonly string[]): Promise<number> {
  // Whatever a command creates (the embedded database's files, a backup, a
  // device's database) holds patient data: its user's alone. PGlite's later
  // files and directories follow the umask too.
  process.umask(0o077);
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (error) {
    const { message, exitCode } = describeError(error);
    if (message) process.stderr.write(`clinicsync: ${message}\n`);
    return exitCode;
  }
}
