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

const int32 = (value: number) => (value | 0) === value;

/** Grows by doubling; `encodeInto` writes strings straight into it. */
class ByteSink {
  bytes = new Uint8Array(64 * 1024);
  view = new DataView(this.bytes.buffer);
  at = headerBytes;
  private readonly encoder = new TextEncoder();

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
      // The same choice WasmRowWriter.runRows makes for a number.
      const tag = int32(value) ? Tag.Int32 : Number.isSafeInteger(value) ? Tag.Int64 : Tag.Real;
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

  private text(value: string): void {
    // UTF-16 to UTF-8 is at most 3 bytes a code unit.
    this.reserve(5 + value.length * 3);
    this.bytes[this.at] = Tag.Text;
    const start = this.at + 5;
    let written = 0;
    // ASCII (ids, dates, codes: most of a row) is copied unit by unit, which
    // costs less than encodeInto and the view it needs.
    for (; written < value.length; written++) {
      const code = value.charCodeAt(written);
      if (code > 0x7f) break;
      this.bytes[start + written] = code;
    }
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
  sink.view.setUint32(0, rows.length, true);
  sink.view.setUint32(4, width, true);
  return sink.bytes.buffer.slice(0, sink.at);
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
