import { headerLength, openBackupKeys, openChunk, tagLength } from './backup-cipher.js';
import type { BackupKeys } from './backup-cipher.js';
import { CliError } from './cli-error.js';

const damaged = (offset: number) =>
  new CliError(`The backup file is damaged or was changed (at byte ${offset}).`);

/**
 * A stream step that decrypts a backup made by `encryptBackup`, yielding
 * each chunk's plain text only once its tag has been checked. A file cut
 * short, extended, reordered or changed anywhere fails; a consumer that must
 * not act on part of a backup runs it to the end once before (restore does).
 *
 * @example
 * await pipeline(createReadStream(file), decryptBackup(passphrase), sink);
 * @throws CliError when the passphrase is wrong or the file is damaged, cut
 * short or not an encrypted backup of a version this one reads.
 */
export function decryptBackup(
  passphrase: string,
): (source: AsyncIterable<Uint8Array>) => AsyncGenerator<Buffer> {
  return async function* (source) {
    let pending = Buffer.alloc(0);
    let keys: BackupKeys | undefined;
    let index = 0;
    let offset = headerLength;
    for await (const piece of source) {
      pending = pending.length === 0 ? Buffer.from(piece) : Buffer.concat([pending, piece]);
      if (!keys) {
        if (pending.length < headerLength) continue;
        keys = await openBackupKeys(pending, passphrase);
        pending = pending.subarray(headerLength);
      }
      const sealedSize = keys.header.chunkSize + tagLength;
      // Strictly more than a sealed chunk: this one is not the last.
      while (pending.length > sealedSize) {
        const plain = openChunk(keys, index, false, pending.subarray(0, sealedSize));
        if (!plain) throw damaged(offset);
        yield plain;
        index++;
        offset += sealedSize;
        pending = pending.subarray(sealedSize);
      }
    }
    if (!keys) keys = await openBackupKeys(pending, passphrase);
    const last = openChunk(keys, index, true, pending);
    if (last) {
      yield last;
      return;
    }
    // A whole chunk sealed as not the last: the chunks after it are missing.
    if (
      pending.length === keys.header.chunkSize + tagLength &&
      openChunk(keys, index, false, pending)
    ) {
      throw new CliError('The backup file is cut short: its end is missing.');
    }
    throw damaged(offset);
  };
}
