import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import {
  defaultChunkSize,
  defaultScryptCost,
  headerLength,
  isEncryptedBackup,
} from '../src/backup-cipher.js';
import { decryptBackup } from '../src/decrypt-backup.js';
import { encryptBackup } from '../src/encrypt-backup.js';

// The encrypted backup format on its own (no database): round trips, and
// every kind of damage refused with its one line. The format tests derive
// their keys at scrypt N = 2^10 (the reader takes the cost from the header,
// so the same code runs); one test checks what backups really use.
const passphrase = 'correct horse battery staple';
const chunk = defaultChunkSize;
const sealed = chunk + 16;
const cheap = { log2N: 10, r: 8, p: 1 };
const slow = { timeout: 120_000 };

async function collect(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part);
  return Buffer.concat(parts);
}

/** `data` fed in pieces of `piece` bytes, as a file or a pipe delivers it. */
function pieces(data: Buffer, piece: number): Readable {
  const list: Buffer[] = [];
  for (let at = 0; at < data.length; at += piece) list.push(data.subarray(at, at + piece));
  return Readable.from(list);
}

const encrypt = async (plain: Buffer, piece = 10_000) =>
  collect((await encryptBackup(passphrase, cheap))(pieces(plain, piece)));
const decrypt = (file: Buffer, key = passphrase, piece = 7_000) =>
  collect(decryptBackup(key)(pieces(file, piece)));

describe.concurrent('encrypted backups', () => {
  test('backups derive their key with scrypt at N = 2^17, r = 8, p = 1', slow, async () => {
    expect(defaultScryptCost).toEqual({ log2N: 17, r: 8, p: 1 });
    const plain = Buffer.from('PGDMP at the real cost');
    const file = await collect((await encryptBackup(passphrase))(pieces(plain, 5)));
    expect([...file.subarray(19, 22)]).toEqual([17, 8, 1]);
    expect((await decrypt(file)).equals(plain)).toBe(true);
  });

  test(
    'round-trip at every size around the chunk boundary, however the bytes arrive',
    slow,
    async () => {
      for (const size of [0, 1, chunk - 1, chunk, chunk + 1, 3 * chunk + 5]) {
        const plain = randomBytes(size);
        const file = await encrypt(plain, size === 0 ? 1 : Math.ceil(size / 3));
        expect(isEncryptedBackup(file)).toBe(true);
        // The header, the sealed chunks, a last chunk even when empty.
        expect(file.length).toBe(
          headerLength +
            size +
            16 * (Math.floor(size / chunk) + 1) -
            (size > 0 && size % chunk === 0 ? 16 : 0),
        );
        expect(
          (await decrypt(file, passphrase, 1 + (size % 4096))).equals(plain),
          `size ${size}`,
        ).toBe(true);
        // Nothing of the plain text shows through.
        if (size > 32) expect(file.includes(plain.subarray(0, 32))).toBe(false);
      }
    },
  );

  test('the same backup twice gives different files (fresh salt and nonces)', slow, async () => {
    const plain = Buffer.from('PGDMP the same dump');
    const [a, b] = await Promise.all([encrypt(plain), encrypt(plain)]);
    expect(a.equals(b)).toBe(false);
  });

  test(
    'a wrong passphrase, damage, a cut or a swap each fail with one clear line',
    slow,
    async () => {
      const plain = randomBytes(3 * chunk + 5);
      const file = await encrypt(plain);
      const flip = (at: number) => {
        const copy = Buffer.from(file);
        copy[at] = copy[at]! ^ 0x01;
        return copy;
      };
      const swapped = Buffer.concat([
        file.subarray(0, headerLength),
        file.subarray(headerLength + sealed, headerLength + 2 * sealed),
        file.subarray(headerLength, headerLength + sealed),
        file.subarray(headerLength + 2 * sealed),
      ]);
      const cases: [string, Promise<Buffer>, RegExp][] = [
        [
          'wrong passphrase',
          decrypt(file, 'correct horse battery stapler'),
          /passphrase does not open this backup/,
        ],
        ['salt changed', decrypt(flip(30)), /passphrase does not open this backup/],
        ['key check changed', decrypt(flip(60)), /passphrase does not open this backup/],
        ['scrypt cost changed', decrypt(flip(19)), /passphrase does not open this backup/],
        [
          'format version changed',
          decrypt(flip(16)),
          /format this version of ClinicSync cannot read/,
        ],
        [
          'first chunk changed',
          decrypt(flip(headerLength + 100)),
          new RegExp(`damaged or was changed \\(at byte ${headerLength}\\)`),
        ],
        ['a tag changed', decrypt(flip(headerLength + 2 * sealed - 1)), /damaged or was changed/],
        [
          'last chunk changed',
          decrypt(flip(file.length - 20)),
          new RegExp(`at byte ${headerLength + 3 * sealed}\\)`),
        ],
        ['chunks swapped', decrypt(swapped), /damaged or was changed/],
        [
          'cut at a chunk boundary',
          decrypt(file.subarray(0, headerLength + 2 * sealed)),
          /cut short: its end is missing/,
        ],
        [
          'cut inside a chunk',
          decrypt(file.subarray(0, file.length - 3)),
          /damaged or was changed/,
        ],
        [
          'cut inside the header',
          decrypt(file.subarray(0, 40)),
          /cut short: its header is incomplete/,
        ],
        [
          'a byte appended',
          decrypt(Buffer.concat([file, Buffer.from([0])])),
          /damaged or was changed/,
        ],
      ];
      // Settled together, so no rejection waits unhandled.
      const outcomes = await Promise.allSettled(cases.map(([, outcome]) => outcome));
      outcomes.forEach((outcome, i) => {
        const [label, , message] = cases[i]!;
        expect(outcome.status, label).toBe('rejected');
        const error = (outcome as PromiseRejectedResult).reason as Error;
        expect(error.name, label).toBe('CliError');
        expect(error.message, label).toMatch(message);
        expect(error.message.split('\n'), label).toHaveLength(1);
      });
    },
  );
});
