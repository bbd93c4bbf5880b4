import type { SqlRows, SqlValue } from './sql-driver.js';

/**
 * Rows of one statement packed into a single buffer: a header (row count,
 * values a row), then each value as a tag byte and its payload, strings as
 * UTF-8. One buffer moves between workers without a copy, and SQLite WASM
 * binds its strings where they lie once the buffer is in WASM memory
 * (WasmRowWriter.runPacked), so a pulled page never becomes JS strings or
 * row arrays in the database worker.
 */
export const Tag = {
  Null: 0,
  Int32: 1,
  /** An integer beyond 32 bits, within 2^53: bound as a 64-bit integer. */
  Int64: 2,
  Real: 3,
  /** A 32-bit length, then that many bytes of UTF-8. */
  Text: 4,
} as const;

export const headerBytes = 8;

/**
 * How a number is bound, packed or not: a 32-bit integer, a 64-bit one
 * within 2^53, or else a real (beyond 2^53 a number is no exact integer, and
 * beyond 2^63 it would wrap).
 */
export function numberTag(value: number): typeof Tag.Int32 | typeof Tag.Int64 | typeof Tag.Real {
  if ((value | 0) === value) return Tag.Int32;
  return Number.isSafeInteger(value) ? Tag.Int64 : Tag.Real;
}

/**
 * Copies the leading ASCII code units of `text` to `bytes` at `at` (their
 * UTF-8 is themselves) and says how many; the rest, if any, is left to
 * `encodeInto`. Cheaper than `encodeInto` and the view it needs for the
 * short ASCII that most values are (ids, dates, codes).
 */
export function copyAscii(bytes: Uint8Array, at: number, text: string): number {
  let i = 0;
  for (; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x7f) break;
    bytes[at + i] = code;
  }
  return i;
}

/**
 * Grows by doubling; `encodeInto` writes strings straight into it. Given a
 * buffer, it writes there first: a reader that keeps one across pages
 * touches its memory once, not once a page (fresh memory costs page faults).
 */
export class ByteSink {
  bytes: Uint8Array<ArrayBuffer>;
  view: DataView;
  at = headerBytes;
  private readonly encoder = new TextEncoder();

  constructor(bytes: Uint8Array<ArrayBuffer> = new Uint8Array(64 * 1024)) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  reserve(more: number): void {
    if (this.at + more <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < this.at + more) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.bytes.subarray(0, this.at));
    this.bytes = grown;
    this.view = new DataView(grown.buffer);
  }

  value(value: SqlValue): void {
    if (value === null || value === undefined) {
      this.reserve(1);
      this.bytes[this.at++] = Tag.Null;
    } else if (typeof value === 'string') this.text(value);
    else {
      this.reserve(9);
      const tag = numberTag(value);
      this.bytes[this.at++] = tag;
      if (tag === Tag.Int32) {
        this.view.setInt32(this.at, value, true);
        this.at += 4;
      } else {
        this.view.setFloat64(this.at, value, true);
        this.at += 8;
      }
    }
  }

  /** A text value whose UTF-8 is `source[start, end)`, copied as it is. */
  utf8(source: Uint8Array, start: number, end: number): void {
    this.reserve(5 + end - start);
    this.bytes[this.at] = Tag.Text;
    this.view.setUint32(this.at + 1, end - start, true);
    this.bytes.set(source.subarray(start, end), this.at + 5);
    this.at += 5 + end - start;
  }

  /** The rows written, `width` values each, as one buffer of their own. */
  packed(rows: number, width: number): ArrayBuffer {
    this.view.setUint32(0, rows, true);
    this.view.setUint32(4, width, true);
    return this.bytes.buffer.slice(0, this.at);
  }

  text(value: string): void {
    // UTF-16 to UTF-8 is at most 3 bytes a code unit.
    this.reserve(5 + value.length * 3);
    this.bytes[this.at] = Tag.Text;
    const start = this.at + 5;
    let written = copyAscii(this.bytes, start, value);
    if (written < value.length) {
      written += this.encoder.encodeInto(
        value.slice(written),
        this.bytes.subarray(start + written),
      ).written;
    }
    this.view.setUint32(this.at + 1, written, true);
    this.at = start + written;
  }
}

/** `rows` (each as long as the first) packed into one buffer of its own. */
export function packRows(rows: SqlRows): ArrayBuffer {
  const sink = new ByteSink();
  const width = rows[0]?.length ?? 0;
  for (const row of rows) {
    if (row.length !== width) throw new Error('Packed rows must all have the same length.');
    for (const value of row) sink.value(value);
  }
  return sink.packed(rows.length, width);
}

/** The number of rows in `packed` and the values each has. */
export function packedShape(packed: ArrayBuffer): { rows: number; width: number } {
  const view = new DataView(packed);
  return { rows: view.getUint32(0, true), width: view.getUint32(4, true) };
}

/** `packed` as rows again: for an engine that binds JS values (better-sqlite3), and for tests. */
export function unpackRows(packed: ArrayBuffer): SqlValue[][] {
  const view = new DataView(packed);
  const bytes = new Uint8Array(packed);
  const decoder = new TextDecoder();
  const { rows: count, width } = packedShape(packed);
  const rows: SqlValue[][] = [];
  let at = headerBytes;
  for (let r = 0; r < count; r++) {
    const row: SqlValue[] = [];
    for (let i = 0; i < width; i++) {
      const tag = bytes[at++];
      if (tag === Tag.Null) row.push(null);
      else if (tag === Tag.Int32) {
        row.push(view.getInt32(at, true));
        at += 4;
      } else if (tag === Tag.Int64 || tag === Tag.Real) {
        row.push(view.getFloat64(at, true));
        at += 8;
      } else if (tag === Tag.Text) {
        const length = view.getUint32(at, true);
        row.push(decoder.decode(bytes.subarray(at + 4, at + 4 + length)));
        at += 4 + length;
      } else throw new Error(`Packed rows hold an unknown tag ${String(tag)}.`);
    }
    rows.push(row);
  }
  return rows;
}
