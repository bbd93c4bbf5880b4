import { Option } from 'commander';
import { askHidden } from './ask-hidden.js';
import { CliError } from './cli-error.js';

/** Where scripts put a password for the command line: never on argv. */
export const passwordVariable = 'CLINICSYNC_PASSWORD';

/**
 * A hidden `--password` that only explains itself: a password on the
 * command line is visible to every user of the machine (`ps`,
 * /proc/<pid>/cmdline) and stays in shell history.
 */
export function refusedPasswordOption(): Option {
  return new Option('--password <password>').hideHelp().argParser(() => {
    throw new CliError(
      `--password is not accepted: a password on the command line is visible to other users of the machine and stays in shell history. Set ${passwordVariable}, or leave it unset to be asked.`,
      'usage',
    );
  });
}

/**
 * The password for a command: `CLINICSYNC_PASSWORD` when set, else asked on
 * the terminal (twice for a new password, which must match). Without either
 * (a script with no terminal), a usage error says what to set.
 *
 * @example
 * const password = await readPassword({ prompt: 'Password for nurse@clinic.org: ' });
 * @throws CliError when there is neither, the two entries differ, or the prompt is cancelled.
 */
export async function readPassword(options: {
  readonly prompt: string;
  /** A new password: asked twice. */
  readonly confirm?: boolean;
}): Promise<string> {
  const fromEnvironment = process.env[passwordVariable];
  if (fromEnvironment) return fromEnvironment;
  if (!process.stdin.isTTY) {
    throw new CliError(
      `No password: set ${passwordVariable}, or run this in a terminal to be asked for it.`,
      'usage',
    );
  }
  const password = await askHidden(options.prompt);
  if (password === '') throw new CliError('No password was given.', 'usage');
  if (options.confirm && (await askHidden('Again, to confirm: ')) !== password) {
    throw new CliError('The two passwords differ; nothing was changed.', 'usage');
  }
  return password;
}
