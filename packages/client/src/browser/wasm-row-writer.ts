import { Tag, copyAscii, headerBytes, numberTag, packedShape } from '../driver/packed-rows.js';
import type { SqlValue } from '../driver/sql-driver.js';

/**
 * The few parts of the SQLite WASM module the row writer calls: the raw C
 * exports (numbers and pointers in, numbers out), the heap, and the
 * allocator.
 */
export interface SqliteWasmModule {
  readonly wasm: {
    readonly exports: Record<string, unknown>;
    heap8u(): Uint8Array;
    alloc(bytes: number): number;
    dealloc(pointer: number): void;
  };
  readonly capi: {
    sqlite3_errmsg(db: number): string;
    sqlite3_js_rc_str(rc: number): string | undefined;
  };
}

/** A prepared statement as SQLite WASM's oo1 API holds it; only its C pointer is used here. */
export interface PreparedPointer {
  readonly pointer: number | undefined;
}

/** Runs a prepared statement once per row (runBatch's statements with `rows` or `packed`). */
export interface RowWriter {
  runRows(statement: PreparedPointer, rows: readonly (readonly SqlValue[])[]): void;
  runPacked(statement: PreparedPointer, packed: ArrayBuffer): void;
}

type Exported = (...args: (number | bigint)[]) => number;

const SQLITE_OK = 0;
const SQLITE_ROW = 100;
const SQLITE_DONE = 101;
/** The text stays where it is until the statement is stepped and its bindings cleared. */
const SQLITE_STATIC = 0;
/** Strings up to this long start with copyAscii; longer ones go to `encodeInto` whole. */
const shortText = 64;

/**
 * Runs one prepared statement once per row, binding each row's values
 * through SQLite's C functions directly.
 *
 * Why not oo1's `Stmt.bind`: it encodes every string into a new JS array,
 * allocates a copy of it in WASM memory and has SQLite free it again, with
 * checks and argument conversions around each call. On the 213,000 records
 * of a 20,000-patient clinic that was 4.5 s of the worker's 7.3 s, where the
 * engine's own work was 2.4 s (bench/engine-first-sync.ts). Here a row's
 * strings are encoded straight into one scratch buffer in WASM memory,
 * reused row after row, and bound in place: SQLite reads them during the
 * step and the bindings are cleared before the buffer is written again.
 */
export class WasmRowWriter implements RowWriter {
  private readonly encoder = new TextEncoder();
  private readonly bindText: Exported;
  private readonly bindInt: Exported;
  private readonly bindInt64: Exported;
  private readonly bindDouble: Exported;
  private readonly bindNull: Exported;
  private readonly step: Exported;
  private readonly reset: Exported;
  private readonly clearBindings: Exported;
  private readonly dbHandle: Exported;
  private scratch = 0;
  private scratchBytes = 0;

  constructor(private readonly sqlite3: SqliteWasmModule) {
    const c = (name: string): Exported => {
      const fn = sqlite3.wasm.exports[name];
      if (typeof fn !== 'function') throw new Error(`SQLite WASM lacks ${name}`);
      return fn as Exported;
    };
    this.bindText = c('sqlite3_bind_text');
    this.bindInt = c('sqlite3_bind_int');
    this.bindInt64 = c('sqlite3_bind_int64');
    this.bindDouble = c('sqlite3_bind_double');
    this.bindNull = c('sqlite3_bind_null');
    this.step = c('sqlite3_step');
    this.reset = c('sqlite3_reset');
    this.clearBindings = c('sqlite3_clear_bindings');
    this.dbHandle = c('sqlite3_db_handle');
  }

  /** Steps `statement` once per row; the first failure throws SQLite's message, the statement reset. */
  runRows(statement: PreparedPointer, rows: readonly (readonly SqlValue[])[]): void {
    const stmt = statement.pointer;
    if (stmt === undefined) throw new Error('The statement was finalized.');
    for (const row of rows) {
      let bytes = 0;
      for (const value of row) if (typeof value === 'string') bytes += value.length * 3;
      // Allocating may grow WASM memory, which detaches earlier views of it.
      this.reserve(bytes);
      const heap = this.sqlite3.wasm.heap8u();
      let at = this.scratch;
      for (let i = 0; i < row.length; i++) {
        const value = row[i];
        let rc: number;
        if (value === null || value === undefined) rc = this.bindNull(stmt, i + 1);
        else if (typeof value === 'string') {
          let written = value.length <= shortText ? copyAscii(heap, at, value) : 0;
          // UTF-16 to UTF-8 is at most 3 bytes a code unit, as reserved.
          if (written < value.length) {
            written += this.encoder.encodeInto(
              written === 0 ? value : value.slice(written),
              heap.subarray(at + written, at + value.length * 3),
            ).written;
          }
          rc = this.bindText(stmt, i + 1, at, written, SQLITE_STATIC);
          at += written;
        } else {
          const tag = numberTag(value);
          if (tag === Tag.Int32) rc = this.bindInt(stmt, i + 1, value);
          else if (tag === Tag.Int64) rc = this.bindInt64(stmt, i + 1, BigInt(value));
          else rc = this.bindDouble(stmt, i + 1, value);
        }
        if (rc !== SQLITE_OK) this.fail(stmt, rc);
      }
      const rc = this.step(stmt);
      if (rc !== SQLITE_DONE && rc !== SQLITE_ROW) this.fail(stmt, rc);
      this.reset(stmt);
      this.clearBindings(stmt);
    }
  }

  /**
   * Steps `statement` once per row of `packed` (packed-rows.ts): the buffer
   * is copied into WASM memory once and each string bound where it lies
   * there, so no value becomes a JS string on the way.
   */
  runPacked(statement: PreparedPointer, packed: ArrayBuffer): void {
    const stmt = statement.pointer;
    if (stmt === undefined) throw new Error('The statement was finalized.');
    const { rows, width } = packedShape(packed);
    this.reserve(packed.byteLength);
    this.sqlite3.wasm.heap8u().set(new Uint8Array(packed), this.scratch);
    const base = this.scratch;
    const view = new DataView(packed);
    let at = headerBytes;
    for (let r = 0; r < rows; r++) {
      for (let i = 1; i <= width; i++) {
        const tag = view.getUint8(at++);
        let rc: number;
        if (tag === Tag.Text) {
          const length = view.getUint32(at, true);
          rc = this.bindText(stmt, i, base + at + 4, length, SQLITE_STATIC);
          at += 4 + length;
        } else if (tag === Tag.Int32) {
          rc = this.bindInt(stmt, i, view.getInt32(at, true));
          at += 4;
        } else if (tag === Tag.Null) rc = this.bindNull(stmt, i);
        else if (tag === Tag.Int64) {
          rc = this.bindInt64(stmt, i, BigInt(view.getFloat64(at, true)));
          at += 8;
        } else if (tag === Tag.Real) {
          rc = this.bindDouble(stmt, i, view.getFloat64(at, true));
          at += 8;
        } else throw new Error(`Packed rows hold an unknown tag ${tag}.`);
        if (rc !== SQLITE_OK) this.fail(stmt, rc);
      }
      const rc = this.step(stmt);
      if (rc !== SQLITE_DONE && rc !== SQLITE_ROW) this.fail(stmt, rc);
      this.reset(stmt);
      this.clearBindings(stmt);
    }
  }

  /** Frees the scratch buffer; the writer may still be used (it allocates again). */
  dispose(): void {
    if (this.scratch !== 0) this.sqlite3.wasm.dealloc(this.scratch);
    this.scratch = 0;
    this.scratchBytes = 0;
  }

  private reserve(bytes: number): void {
    if (bytes <= this.scratchBytes) return;
    this.dispose();
    const size = Math.max(bytes, 64 * 1024, this.scratchBytes * 2);
    this.scratch = this.sqlite3.wasm.alloc(size);
    this.scratchBytes = size;
  }

  private fail(stmt: number, rc: number): never {
    const message = this.sqlite3.capi.sqlite3_errmsg(this.dbHandle(stmt));
    const name = this.sqlite3.capi.sqlite3_js_rc_str(rc) ?? `SQLite error ${rc}`;
    this.reset(stmt);
    this.clearBindings(stmt);
    throw new Error(`${name}: ${message}`);
  }
}
