import type { ChangeKind } from './pull-sql.js';

/** The order of a table's lists in a pulled change set. */
export const changeKinds: readonly ChangeKind[] = ['created', 'updated', 'deleted'];

/**
 * Writes one table's `{"created":[…],"updated":[…],"deleted":[…]}` as rows
 * arrive kind by kind; all three arrays are always present, as WatermelonDB expects.
 */
export class TableJsonWriter {
  private open = -1;
  private rowsInOpen = 0;

  constructor(
    private readonly name: string,
    private readonly leadingComma: boolean,
  ) {}

  get started(): boolean {
    return this.open >= 0;
  }

  /** `rows` of `kind` as JSON text, preceded by what opens the table and the kinds skipped. */
  rows(kind: ChangeKind, rows: readonly string[]): string {
    if (rows.length === 0) return '';
    const target = changeKinds.indexOf(kind);
    let text = '';
    if (this.open < 0) text += `${this.leadingComma ? ',' : ''}${JSON.stringify(this.name)}:{`;
    if (this.open !== target) {
      text += this.closeThrough(target - 1);
      text += `${target > 0 ? ',' : ''}"${kind}":[`;
      this.open = target;
      this.rowsInOpen = 0;
    }
    text += (this.rowsInOpen > 0 ? ',' : '') + rows.join(',');
    this.rowsInOpen += rows.length;
    return text;
  }

  /** Closes the open array, and writes empty arrays for the kinds up to `last`. */
  private closeThrough(last: number): string {
    let text = this.open >= 0 ? ']' : '';
    for (let i = Math.max(this.open, -1) + 1; i <= last; i++) {
      text += `${i > 0 ? ',' : ''}"${changeKinds[i]}":[]`;
    }
    return text;
  }

  end(): string {
    if (this.open < 0) return '';
    return `${this.closeThrough(changeKinds.length - 1)}}`;
  }
}
