import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createSecureContext } from 'node:tls';
import { CliError } from './cli-error.js';

export interface TlsFiles {
  readonly cert: Buffer;
  readonly key: Buffer;
}

function read(file: string, what: string): Buffer {
  try {
    return readFileSync(resolve(file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'there is no such file' : code === 'EACCES' ? 'permission denied' : code;
    throw new CliError(`Cannot read the TLS ${what} ${resolve(file)}: ${reason}.`);
  }
}

/**
 * The certificate and key of `--tls-cert` and `--tls-key`, read and checked
 * to belong together before the server starts; undefined when neither is
 * given (plain HTTP).
 *
 * @throws CliError (usage) when only one is given; CliError when a file
 * cannot be read or they are not a PEM certificate and its key.
 */
export function readTlsFiles(flags: { tlsCert?: string; tlsKey?: string }): TlsFiles | undefined {
  if (!flags.tlsCert && !flags.tlsKey) return undefined;
  if (!flags.tlsCert || !flags.tlsKey) {
    throw new CliError(
      'Give both --tls-cert and --tls-key (TLS_CERT and TLS_KEY) to serve HTTPS, or neither.',
      'usage',
    );
  }
  const files = { cert: read(flags.tlsCert, 'certificate'), key: read(flags.tlsKey, 'key') };
  try {
    createSecureContext(files);
  } catch (error) {
    const message = (error as Error).message;
    throw new CliError(
      /mismatch/i.test(message)
        ? `The TLS key ${resolve(flags.tlsKey)} does not belong to the certificate ${resolve(flags.tlsCert)}.`
        : `Cannot use the TLS certificate and key: ${message.split('\n')[0]} (both must be PEM files).`,
    );
  }
  return files;
}
