import { defaultScryptCost, newBackupKeys, sealChunk } from './backup-cipher.js';
import type { ScryptCost } from './backup-cipher.js';

/**
 * A stream step that encrypts a backup with `passphrase` (the format is in
 * backup-cipher.ts): the header, then the plain text in sealed chunks, the
 * last one marked. Memory stays at one chunk whatever the backup's size.
 * The key is derived (about a second) before the step is returned, so the
 * step reads its source at once: Node drops what a child process wrote to
 * a pipe nobody was reading yet when it exits.
 *
 * @example
 * await pipeline(dump, await encryptBackup(passphrase), createWriteStream(file, { mode: 0o600 }));
 */
export async function encryptBackup(
  passphrase: string,
  cost: ScryptCost = defaultScryptCost,
): Promise<(source: AsyncIterable<Uint8Array>) => AsyncGenerator<Buffer>> {
  const keys = await newBackupKeys(passphrase, cost);
  return async function* (source) {
    const size = keys.header.chunkSize;
    yield keys.header.bytes;
    let pending = Buffer.alloc(0);
    let index = 0;
    for await (const piece of source) {
      pending = pending.length === 0 ? Buffer.from(piece) : Buffer.concat([pending, piece]);
      // Strictly more than a chunk: only then is the chunk known not to be the last.
      while (pending.length > size) {
        yield sealChunk(keys, index++, false, pending.subarray(0, size));
        pending = pending.subarray(size);
      }
    }
    yield sealChunk(keys, index, true, pending);
  };
}
