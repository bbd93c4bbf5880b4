import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  randomBytes,
  scrypt,
  timingSafeEqual,
} from 'node:crypto';
import { CliError } from './cli-error.js';

// The encrypted backup format, version 1 (docs/decisions.md says why):
//
//   header  "ClinicSyncBackup" (16 bytes), version 1, cipher 1 (AES-256-GCM),
//           KDF 1 (scrypt), log2 N, r, p (one byte each), chunk size (uint32
//           big-endian), salt (16 bytes), nonce prefix (7 bytes), key check
//           (32 bytes: HMAC-SHA-256 of the bytes before it)
//   chunks  each `chunk size` bytes of plain text sealed with its 16-byte tag;
//           the last one shorter (maybe empty) and sealed as the last
//
// A chunk's nonce is the prefix, its index (uint32 big-endian) and a last
// flag (1 byte), and its additional data the whole header: a chunk cannot
// move, a file cut at a chunk boundary or extended does not open, and the
// parameters cannot be changed. The key check tells a wrong passphrase from
// a damaged file before any chunk is read.

export const backupMagic = Buffer.from('ClinicSyncBackup', 'latin1');
export const headerLength = 81;
export const tagLength = 16;
const formatVersion = 1;
const aes256Gcm = 1;
const scryptKdf = 1;
const saltLength = 16;
const prefixLength = 7;
const checkOffset = 49;

/** scrypt's work factors, as the header stores them. */
export interface ScryptCost {
  readonly log2N: number;
  readonly r: number;
  readonly p: number;
}

/** scrypt at N = 2^17, r = 8: 128 MiB and about a second per attempt, OWASP's recommendation. */
export const defaultScryptCost: ScryptCost = { log2N: 17, r: 8, p: 1 };
/** The most memory a file may ask the KDF for, so a crafted header cannot exhaust the machine. */
const maxKdfMemory = 1024 ** 3;
export const defaultChunkSize = 64 * 1024;
const maxChunkSize = 16 * 1024 ** 2;

export interface BackupHeader {
  /** The header's bytes: every chunk's additional data. */
  readonly bytes: Buffer;
  readonly log2N: number;
  readonly r: number;
  readonly p: number;
  readonly chunkSize: number;
  readonly salt: Buffer;
  readonly noncePrefix: Buffer;
}

export interface BackupKeys {
  readonly header: BackupHeader;
  readonly key: Buffer;
}

/** True when `start` (a file's first bytes) begins like an encrypted backup. */
export function isEncryptedBackup(start: Uint8Array): boolean {
  return (
    start.length >= backupMagic.length &&
    backupMagic.equals(Buffer.from(start.subarray(0, backupMagic.length)))
  );
}

/** The KDF's output: the encryption key, then the key of the key check. */
function deriveKeys(passphrase: string, header: Omit<BackupHeader, 'bytes'>): Promise<Buffer> {
  const N = 2 ** header.log2N;
  return new Promise((done, fail) =>
    scrypt(
      Buffer.from(passphrase.normalize('NFC'), 'utf8'),
      header.salt,
      64,
      { N, r: header.r, p: header.p, maxmem: 2 * 128 * N * header.r },
      (error, derived) => (error ? fail(error) : done(derived)),
    ),
  );
}

function keyCheck(checkKey: Buffer, headerStart: Buffer): Buffer {
  return createHmac('sha256', checkKey).update(headerStart).digest();
}

/**
 * A new header with a fresh salt and nonce prefix, and the key derived from
 * `passphrase`. Backups always use the default cost; a cheaper one lets the
 * format's own tests run their dozens of derivations in seconds (the reader
 * takes the cost from the header either way).
 */
export async function newBackupKeys(
  passphrase: string,
  cost: ScryptCost = defaultScryptCost,
): Promise<BackupKeys> {
  const fields = {
    log2N: cost.log2N,
    r: cost.r,
    p: cost.p,
    chunkSize: defaultChunkSize,
    salt: randomBytes(saltLength),
    noncePrefix: randomBytes(prefixLength),
  };
  const bytes = Buffer.alloc(headerLength);
  backupMagic.copy(bytes, 0);
  bytes.writeUInt8(formatVersion, 16);
  bytes.writeUInt8(aes256Gcm, 17);
  bytes.writeUInt8(scryptKdf, 18);
  bytes.writeUInt8(fields.log2N, 19);
  bytes.writeUInt8(fields.r, 20);
  bytes.writeUInt8(fields.p, 21);
  bytes.writeUInt32BE(fields.chunkSize, 22);
  fields.salt.copy(bytes, 26);
  fields.noncePrefix.copy(bytes, 26 + saltLength);
  const derived = await deriveKeys(passphrase, fields);
  keyCheck(derived.subarray(32), bytes.subarray(0, checkOffset)).copy(bytes, checkOffset);
  return { header: { ...fields, bytes }, key: derived.subarray(0, 32) };
}

/**
 * Reads a header and derives its key from `passphrase`.
 *
 * @throws CliError when the header is cut short, of a format this version
 * cannot read, or when the passphrase does not open it.
 */
export async function openBackupKeys(bytes: Buffer, passphrase: string): Promise<BackupKeys> {
  if (bytes.length < headerLength) {
    throw new CliError('The backup file is cut short: its header is incomplete.');
  }
  const version = bytes.readUInt8(16);
  if (
    version !== formatVersion ||
    bytes.readUInt8(17) !== aes256Gcm ||
    bytes.readUInt8(18) !== scryptKdf
  ) {
    throw new CliError(
      `The backup file is in an encrypted format this version of ClinicSync cannot read (version ${version}).`,
    );
  }
  const header: BackupHeader = {
    bytes: bytes.subarray(0, headerLength),
    log2N: bytes.readUInt8(19),
    r: bytes.readUInt8(20),
    p: bytes.readUInt8(21),
    chunkSize: bytes.readUInt32BE(22),
    salt: bytes.subarray(26, 26 + saltLength),
    noncePrefix: bytes.subarray(26 + saltLength, checkOffset),
  };
  const sane =
    header.log2N >= 1 &&
    header.log2N <= 30 &&
    header.r >= 1 &&
    header.p >= 1 &&
    header.p <= 16 &&
    128 * 2 ** header.log2N * header.r <= maxKdfMemory &&
    header.chunkSize >= 1 &&
    header.chunkSize <= maxChunkSize;
  if (!sane) throw new CliError('The backup file is damaged: its header is not valid.');
  const derived = await deriveKeys(passphrase, header);
  const expected = keyCheck(derived.subarray(32), bytes.subarray(0, checkOffset));
  if (!timingSafeEqual(expected, bytes.subarray(checkOffset, headerLength))) {
    throw new CliError(
      'The passphrase does not open this backup (a wrong passphrase, or a damaged file header).',
    );
  }
  return { header, key: derived.subarray(0, 32) };
}

function nonce(header: BackupHeader, index: number, last: boolean): Buffer {
  if (index > 0xffff_ffff) throw new CliError('The backup is too large for this format.');
  const bytes = Buffer.alloc(12);
  header.noncePrefix.copy(bytes, 0);
  bytes.writeUInt32BE(index, prefixLength);
  bytes.writeUInt8(last ? 1 : 0, 11);
  return bytes;
}

/** Chunk `index` of the plain text, sealed: cipher text then tag. */
export function sealChunk(keys: BackupKeys, index: number, last: boolean, plain: Buffer): Buffer {
  const cipher = createCipheriv('aes-256-gcm', keys.key, nonce(keys.header, index, last));
  cipher.setAAD(keys.header.bytes);
  return Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
}

/** Chunk `index`'s plain text, or undefined when it does not authenticate as such. */
export function openChunk(
  keys: BackupKeys,
  index: number,
  last: boolean,
  sealed: Buffer,
): Buffer | undefined {
  if (sealed.length < tagLength) return undefined;
  const decipher = createDecipheriv('aes-256-gcm', keys.key, nonce(keys.header, index, last));
  decipher.setAAD(keys.header.bytes);
  decipher.setAuthTag(sealed.subarray(sealed.length - tagLength));
  const plain = decipher.update(sealed.subarray(0, sealed.length - tagLength));
  try {
    // The tag is checked here: nothing of the chunk is used before.
    return Buffer.concat([plain, decipher.final()]);
  } catch {
    return undefined;
  }
}
