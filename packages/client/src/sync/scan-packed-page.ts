import { defaultValue, findTable, pullAnswer } from '@clinicsync/schema';
import type { Table } from '@clinicsync/schema';
import { ByteSink, Tag } from '../driver/packed-rows.js';
import type { SqlValue } from '../driver/sql-driver.js';
import { toSql, wireTypeOf } from '../store/encode-values.js';
import type { PageTable, PulledPage } from './page-types.js';

/**
 * Thrown where a page holds what the scanner does not read (a byte beyond
 * ASCII, a value of the wrong type, an unexpected key): the page is then
 * read the ordinary way, which accepts it or names what is wrong.
 */
class Unscanned extends Error {}
const unscanned = new Unscanned();

const quote = 0x22;
const backslash = 0x5c;
const comma = 0x2c;
const colon = 0x3a;

/** What a row's value was, by column: its kind, and where its bytes or number are. */
const Slot = { Missing: 0, Null: 1, Number: 2, Text: 3, Escaped: 4, True: 5, False: 6 } as const;

/** A table's columns as the scanner reads them. */
interface ScanTable {
  readonly table: Table;
  /** Each column's name as bytes, to match keys without making strings. */
  readonly names: readonly Uint8Array[];
  readonly index: ReadonlyMap<string, number>;
  /** The wire type each column takes: 'string', 'number' or 'boolean'. */
  readonly wire: readonly string[];
  readonly optional: readonly boolean[];
  readonly defaults: readonly SqlValue[];
}

const scanTables = new Map<string, ScanTable | null>();

/** Where tables are packed before each is copied out: one buffer, kept across pages. */
let scratch: Uint8Array<ArrayBuffer> = new Uint8Array(1024 * 1024);

function scanTableOf(name: string): ScanTable | null {
  let cached = scanTables.get(name);
  if (cached === undefined) {
    const table = findTable(name);
    cached =
      !table || table.sync === 'device_only'
        ? null
        : {
            table,
            names: table.columns.map((c) => new TextEncoder().encode(c.name)),
            index: new Map(table.columns.map((c, i) => [c.name, i])),
            wire: table.columns.map((c) => wireTypeOf[c.kind]),
            optional: table.columns.map((c) => c.optional),
            defaults: table.columns.map((c) => toSql(defaultValue(c))),
          };
    scanTables.set(name, cached);
  }
  return cached;
}

/** The byte each one-letter JSON escape stands for (`\\n` → 0x0a), -1 where none. */
const escapes = new Int16Array(128).fill(-1);
for (const [letter, byte] of [
  ['"', 0x22],
  ['\\', 0x5c],
  ['/', 0x2f],
  ['b', 0x08],
  ['f', 0x0c],
  ['n', 0x0a],
  ['r', 0x0d],
  ['t', 0x09],
] as const) {
  escapes[letter.charCodeAt(0)] = byte;
}

const isIdByte = (b: number) =>
  (b >= 0x30 && b <= 0x39) ||
  (b >= 0x41 && b <= 0x5a) ||
  (b >= 0x61 && b <= 0x7a) ||
  b === 0x5f ||
  b === 0x2e ||
  b === 0x2d;

/**
 * Reads a pulled page straight from its bytes into rows packed for SQLite
 * (packed-rows.ts), with neither the page as a string nor its rows as
 * objects: what readPackedPage makes of it, for the pages our server sends
 * (ASCII JSON, sync/pull/ascii-json.ts on the server). Returns null for a
 * page beyond that (bytes beyond ASCII, a value of the wrong type, an
 * unexpected key): the caller reads it the ordinary way, which accepts it
 * or says what is wrong with it.
 */
export function scanPackedPage(body: ArrayBuffer): PulledPage | null {
  try {
    return new PageScanner(new Uint8Array(body)).page();
  } catch (error) {
    if (error === unscanned) return null;
    throw error;
  }
}

class PageScanner {
  private at = 0;
  private readonly slots = new Uint8Array(256);
  private readonly numbers = new Float64Array(256);
  private readonly starts = new Int32Array(256);
  private readonly ends = new Int32Array(256);

  constructor(private readonly bytes: Uint8Array) {}

  page(): PulledPage {
    const top: Record<string, unknown> = {};
    let tables: PageTable[] | null = null;
    this.open(0x7b);
    if (!this.closes(0x7d)) {
      do {
        const key = this.key();
        if (key === 'changes') {
          if (tables) throw unscanned;
          tables = this.changes();
        } else if (key === 'timestamp') top[key] = this.number();
        else if (key === 'has_more') top[key] = this.boolean();
        else if (key === 'next') top[key] = this.plainString();
        else if (key === 'estimate') top[key] = this.estimate();
        else throw unscanned;
      } while (this.separated(0x7d));
    }
    this.space();
    if (this.at !== this.bytes.length || !tables) throw unscanned;
    // The few values beside the changes are checked by the protocol's own schema.
    const answer = pullAnswer.safeParse({ ...top, changes: {} });
    if (!answer.success) throw unscanned;
    const { data } = answer;
    return {
      tables,
      timestamp: data.timestamp,
      next: data.has_more === true ? (data.next ?? null) : null,
      estimate: data.estimate ?? null,
      bytes: this.bytes.length,
    };
  }

  private changes(): PageTable[] {
    const tables: PageTable[] = [];
    const seen = new Set<string>();
    this.open(0x7b);
    if (this.closes(0x7d)) return tables;
    do {
      const name = this.key();
      if (seen.has(name)) throw unscanned;
      seen.add(name);
      const scan = scanTableOf(name);
      if (scan) tables.push(this.tableChanges(scan));
      else this.unknownTable(name);
    } while (this.separated(0x7d));
    return tables;
  }

  private tableChanges(scan: ScanTable): PageTable {
    const sink = new ByteSink(scratch);
    const patientIds: string[] = [];
    const deletedIds: string[] = [];
    const counts = { created: 0, updated: 0 };
    let stage = 0;
    this.open(0x7b);
    if (!this.closes(0x7d)) {
      do {
        const key = this.key();
        if (key === 'created' || key === 'updated') {
          // Created rows come before updated ones in what the page reader answers.
          const order = key === 'created' ? 1 : 2;
          if (order <= stage) throw unscanned;
          stage = order;
          this.open(0x5b);
          if (!this.closes(0x5d)) {
            do {
              this.row(scan, sink, patientIds);
              counts[key]++;
            } while (this.separated(0x5d));
          }
        } else if (key === 'deleted') {
          if (stage === 3) throw unscanned;
          stage = Math.max(stage, 3);
          this.open(0x5b);
          if (!this.closes(0x5d)) {
            do deletedIds.push(this.id());
            while (this.separated(0x5d));
          }
        } else throw unscanned;
      } while (this.separated(0x7d));
    }
    // Kept, grown if it had to, for the next table and page.
    scratch = sink.bytes;
    const rows = counts.created + counts.updated;
    const width = rows === 0 ? 0 : scan.names.length + 1;
    return {
      name: scan.table.name,
      created: counts.created,
      updated: counts.updated,
      upserts: { packed: rows === 0 ? new ByteSink().packed(0, 0) : sink.packed(rows, width) },
      patientIds,
      deletedIds,
    };
  }

  /** One row: its values found by key, then written in the table's column order. */
  private row(scan: ScanTable, sink: ByteSink, patientIds: string[]): void {
    const { names } = scan;
    const count = names.length;
    if (count > this.slots.length) throw unscanned;
    this.slots.fill(Slot.Missing, 0, count);
    let idStart = -1;
    let idEnd = -1;
    let guess = 0;
    this.open(0x7b);
    if (!this.closes(0x7d)) {
      do {
        this.space();
        if (this.bytes[this.at] !== quote) throw unscanned;
        const start = this.at + 1;
        const end = this.stringEnd();
        if (end < 0) throw unscanned;
        this.colon();
        // Our server writes every row's keys in one order: try the column after the last.
        const isId =
          end - start === 2 && this.bytes[start] === 0x69 && this.bytes[start + 1] === 0x64;
        let column = !isId && guess < count && this.equals(names[guess]!, start, end) ? guess : -1;
        if (column < 0) {
          const key = isId ? 'id' : this.latin1(start, end);
          if (key === 'id') {
            this.space();
            if (this.bytes[this.at] !== quote) throw unscanned;
            idStart = this.at + 1;
            idEnd = this.stringEnd();
            if (idEnd < 0) throw unscanned;
            continue;
          }
          column = scan.index.get(key) ?? -1;
          if (column < 0) {
            this.skip();
            continue;
          }
        }
        guess = column + 1;
        this.slot(column);
      } while (this.separated(0x7d));
    }
    if (idStart < 0 || idEnd - idStart < 1 || idEnd - idStart > 64) throw unscanned;
    for (let i = idStart; i < idEnd; i++) if (!isIdByte(this.bytes[i]!)) throw unscanned;
    sink.utf8(this.bytes, idStart, idEnd);
    if (scan.table.name === 'patients') patientIds.push(this.latin1(idStart, idEnd));
    for (let i = 0; i < count; i++) this.write(scan, i, sink);
  }

  /** Reads one value into the slot of `column`. */
  private slot(column: number): void {
    this.space();
    const b = this.bytes[this.at];
    if (b === quote) {
      const start = this.at + 1;
      const end = this.stringEnd();
      this.slots[column] = end < 0 ? Slot.Escaped : Slot.Text;
      this.starts[column] = start;
      this.ends[column] = end < 0 ? this.at - 1 : end;
    } else if (b === 0x6e) {
      this.literal('null');
      this.slots[column] = Slot.Null;
    } else if (b === 0x74) {
      this.literal('true');
      this.slots[column] = Slot.True;
    } else if (b === 0x66) {
      this.literal('false');
      this.slots[column] = Slot.False;
    } else {
      this.numbers[column] = this.number();
      this.slots[column] = Slot.Number;
    }
  }

  /** Writes the value of `column`, as encodePulled would have it; anything else is not scanned. */
  private write(scan: ScanTable, column: number, sink: ByteSink): void {
    const wire = scan.wire[column];
    switch (this.slots[column]) {
      case Slot.Missing:
        sink.value(scan.defaults[column]!);
        return;
      case Slot.Null:
        if (!scan.optional[column]) throw unscanned;
        sink.value(null);
        return;
      case Slot.Number:
        if (wire !== 'number') throw unscanned;
        sink.value(this.numbers[column]!);
        return;
      case Slot.True:
      case Slot.False:
        if (wire !== 'boolean') throw unscanned;
        sink.value(this.slots[column] === Slot.True ? 1 : 0);
        return;
      case Slot.Text:
        if (wire !== 'string') throw unscanned;
        sink.utf8(this.bytes, this.starts[column]!, this.ends[column]!);
        return;
      default:
        if (wire !== 'string') throw unscanned;
        this.unescapeInto(sink, this.starts[column]!, this.ends[column]!);
    }
  }

  /**
   * At an opening quote: moves past the closing one. Returns where the
   * string's bytes end, or -1 when it holds escapes. A byte beyond ASCII or
   * a control character is not scanned.
   */
  private stringEnd(): number {
    const { bytes } = this;
    let i = this.at + 1;
    let escaped = false;
    for (;;) {
      const b = bytes[i];
      if (b === undefined || b < 0x20 || b > 0x7f) throw unscanned;
      if (b === quote) break;
      if (b === backslash) {
        escaped = true;
        i += 2;
      } else i++;
    }
    this.at = i + 1;
    return escaped ? -1 : i;
  }

  /**
   * Writes the string between `start` and `end` (quotes excluded) as text,
   * its escapes decoded straight to UTF-8, as JSON.parse then encodeInto
   * would (a lone surrogate becomes U+FFFD). Never longer than its escapes.
   */
  private unescapeInto(sink: ByteSink, start: number, end: number): void {
    const { bytes } = this;
    sink.reserve(5 + end - start);
    const out = sink.bytes;
    const head = sink.at;
    let o = head + 5;
    let i = start;
    while (i < end) {
      // The bytes up to the next escape are themselves: copied as a run.
      let run = bytes.indexOf(backslash, i);
      if (run < 0 || run > end) run = end;
      if (run - i > 16) {
        out.set(bytes.subarray(i, run), o);
        o += run - i;
        i = run;
      } else while (i < run) out[o++] = bytes[i++]!;
      if (i === end) break;
      const e = bytes[i + 1];
      i += 2;
      if (e === 0x75) {
        let unit = this.hex(i);
        i += 4;
        if (unit >= 0xd800 && unit <= 0xdbff && bytes[i] === backslash && bytes[i + 1] === 0x75) {
          const low = this.hex(i + 2);
          if (low >= 0xdc00 && low <= 0xdfff) {
            i += 6;
            const point = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
            out[o++] = 0xf0 | (point >> 18);
            out[o++] = 0x80 | ((point >> 12) & 0x3f);
            out[o++] = 0x80 | ((point >> 6) & 0x3f);
            out[o++] = 0x80 | (point & 0x3f);
            continue;
          }
        }
        if (unit >= 0xd800 && unit <= 0xdfff) unit = 0xfffd;
        if (unit < 0x80) out[o++] = unit;
        else if (unit < 0x800) {
          out[o++] = 0xc0 | (unit >> 6);
          out[o++] = 0x80 | (unit & 0x3f);
        } else {
          out[o++] = 0xe0 | (unit >> 12);
          out[o++] = 0x80 | ((unit >> 6) & 0x3f);
          out[o++] = 0x80 | (unit & 0x3f);
        }
      } else {
        const decoded = escapes[e ?? 0];
        if (decoded === undefined || decoded < 0) throw unscanned;
        out[o++] = decoded;
      }
    }
    out[head] = Tag.Text;
    sink.view.setUint32(head + 1, o - head - 5, true);
    sink.at = o;
  }

  /** The four hex digits at `at`, as a number. */
  private hex(at: number): number {
    let value = 0;
    for (let i = at; i < at + 4; i++) {
      const b = this.bytes[i]!;
      const digit =
        b >= 0x30 && b <= 0x39
          ? b - 0x30
          : b >= 0x61 && b <= 0x66
            ? b - 0x57
            : b >= 0x41 && b <= 0x46
              ? b - 0x37
              : -1;
      if (digit < 0) throw unscanned;
      value = value * 16 + digit;
    }
    return value;
  }

  /** The string between `start` and `end` (quotes excluded), escapes and all, as JSON reads it. */
  private unescape(start: number, end: number): string {
    try {
      return JSON.parse(this.latin1(start - 1, end + 1)) as string;
    } catch {
      throw unscanned;
    }
  }

  private latin1(start: number, end: number): string {
    let text = '';
    for (let i = start; i < end; i += 4096) {
      text += String.fromCharCode(...this.bytes.subarray(i, Math.min(end, i + 4096)));
    }
    return text;
  }

  private equals(name: Uint8Array, start: number, end: number): boolean {
    if (end - start !== name.length) return false;
    for (let i = 0; i < name.length; i++) if (this.bytes[start + i] !== name[i]) return false;
    return true;
  }

  private key(): string {
    const value = this.plainString();
    this.colon();
    return value;
  }

  /** A string value, escapes read as JSON reads them. */
  private plainString(): string {
    this.space();
    if (this.bytes[this.at] !== quote) throw unscanned;
    const start = this.at + 1;
    const end = this.stringEnd();
    return end < 0 ? this.unescape(start, this.at - 1) : this.latin1(start, end);
  }

  private id(): string {
    const id = this.plainString();
    if (id.length < 1 || id.length > 64) throw unscanned;
    for (let i = 0; i < id.length; i++) if (!isIdByte(id.charCodeAt(i))) throw unscanned;
    return id;
  }

  private number(): number {
    this.space();
    const { bytes } = this;
    const start = this.at;
    let i = start;
    if (bytes[i] === 0x2d) i++;
    const digits = i;
    while (bytes[i]! >= 0x30 && bytes[i]! <= 0x39) i++;
    if (i === digits || (bytes[digits] === 0x30 && i - digits > 1)) throw unscanned;
    let plain = true;
    if (bytes[i] === 0x2e) {
      plain = false;
      const fraction = ++i;
      while (bytes[i]! >= 0x30 && bytes[i]! <= 0x39) i++;
      if (i === fraction) throw unscanned;
    }
    if (bytes[i] === 0x65 || bytes[i] === 0x45) {
      plain = false;
      i++;
      if (bytes[i] === 0x2b || bytes[i] === 0x2d) i++;
      const exponent = i;
      while (bytes[i]! >= 0x30 && bytes[i]! <= 0x39) i++;
      if (i === exponent) throw unscanned;
    }
    this.at = i;
    if (plain && i - digits <= 15) {
      let value = 0;
      for (let d = digits; d < i; d++) value = value * 10 + (bytes[d]! - 0x30);
      return digits > start ? -value : value;
    }
    return Number(this.latin1(start, i));
  }

  private boolean(): boolean {
    this.space();
    if (this.bytes[this.at] === 0x74) {
      this.literal('true');
      return true;
    }
    this.literal('false');
    return false;
  }

  private estimate(): unknown {
    const estimate: Record<string, number> = {};
    this.open(0x7b);
    if (!this.closes(0x7d)) {
      do {
        const key = this.key();
        if (key !== 'records' && key !== 'bytes') throw unscanned;
        estimate[key] = this.number();
      } while (this.separated(0x7d));
    }
    return estimate;
  }

  /**
   * Skips a table this device does not sync (a newer server's), checked as
   * the ordinary reading checks it, so both accept the same pages.
   */
  private unknownTable(name: string): void {
    this.space();
    const start = this.at;
    this.skip();
    let value: unknown;
    try {
      value = JSON.parse(this.latin1(start, this.at));
    } catch {
      throw unscanned;
    }
    if (!pullAnswer.safeParse({ timestamp: 1, changes: { [name]: value } }).success)
      throw unscanned;
  }

  /** Skips a value of a table or column this device does not know. */
  private skip(): void {
    this.space();
    const b = this.bytes[this.at];
    if (b === quote) this.stringEnd();
    else if (b === 0x7b || b === 0x5b) {
      const close = b === 0x7b ? 0x7d : 0x5d;
      this.at++;
      if (this.closes(close)) return;
      do {
        if (b === 0x7b) this.key();
        this.skip();
      } while (this.separated(close));
    } else if (b === 0x6e) this.literal('null');
    else if (b === 0x74 || b === 0x66) this.boolean();
    else this.number();
  }

  private literal(word: string): void {
    for (let i = 0; i < word.length; i++) {
      if (this.bytes[this.at + i] !== word.charCodeAt(i)) throw unscanned;
    }
    this.at += word.length;
  }

  private space(): void {
    const { bytes } = this;
    for (;;) {
      const b = bytes[this.at];
      if (b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09) return;
      this.at++;
    }
  }

  private open(byte: number): void {
    this.space();
    if (this.bytes[this.at] !== byte) throw unscanned;
    this.at++;
  }

  /** Moves past `byte` if it comes next (an empty object or list). */
  private closes(byte: number): boolean {
    this.space();
    if (this.bytes[this.at] !== byte) return false;
    this.at++;
    return true;
  }

  /** After a member: true at a comma (another follows), false past `close`. */
  private separated(close: number): boolean {
    this.space();
    const b = this.bytes[this.at++];
    if (b === comma) return true;
    if (b === close) return false;
    throw unscanned;
  }

  private colon(): void {
    this.space();
    if (this.bytes[this.at++] !== colon) throw unscanned;
  }
}
