import { askHidden } from './ask-hidden.js';
import { CliError } from './cli-error.js';

/** A backup's passphrase guards a whole database, offline, against any number of guesses. */
export const minPassphraseLength = 15;

function onTerminal(): boolean {
  return process.stdin.isTTY === true && process.stderr.isTTY === true;
}

/**
 * The passphrase for a new encrypted backup: `BACKUP_PASSPHRASE`, or typed
 * twice on the terminal without echo. Never a flag: a command line is
 * visible to every user of the machine (ps) and kept in shell history.
 *
 * @throws CliError (usage) when there is neither, when it is shorter than
 * `minPassphraseLength`, or when the two typed ones differ.
 */
export async function newBackupPassphrase(): Promise<string> {
  let passphrase = process.env['BACKUP_PASSPHRASE'];
  if (!passphrase) {
    if (!onTerminal()) {
      throw new CliError(
        '--encrypt needs a passphrase: set BACKUP_PASSPHRASE, or run the command on a terminal to type it.',
        'usage',
      );
    }
    passphrase = await askHidden('Passphrase for the backup: ');
    if (passphrase.length >= minPassphraseLength) {
      const again = await askHidden('The same passphrase again: ');
      if (again !== passphrase) throw new CliError('The two passphrases differ.', 'usage');
    }
  }
  if ([...passphrase].length < minPassphraseLength) {
    throw new CliError(
      `The backup passphrase must have at least ${minPassphraseLength} characters.`,
      'usage',
    );
  }
  return passphrase;
}

/**
 * The passphrase of an encrypted backup being restored: `BACKUP_PASSPHRASE`,
 * or typed on the terminal without echo.
 *
 * @throws CliError (usage) when there is neither.
 */
export async function existingBackupPassphrase(file: string): Promise<string> {
  const passphrase = process.env['BACKUP_PASSPHRASE'];
  if (passphrase) return passphrase;
  if (!onTerminal()) {
    throw new CliError(
      `${file} is encrypted: set BACKUP_PASSPHRASE, or run the command on a terminal to type its passphrase.`,
      'usage',
    );
  }
  return askHidden(`Passphrase of ${file}: `);
}
