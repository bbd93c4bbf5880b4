import type { SqlRows, SqlStatement } from '../driver/sql-driver.js';
import type { AnswerContext } from '../sync/http-client.js';
import { readPulledPage } from '../sync/pulled-page.js';
import type { PulledPage } from '../sync/pulled-page.js';

/**
 * Pages an earlier sync fetched but never applied (it stopped, or failed on
 * a later table) are dropped once this many newer ones are staged: the pull
 * keeps at most two pages in flight (the one applied, the one prefetched).
 */
const pagesKept = 4;

/**
 * The pulled pages a tab's database worker has read for its page, rows
 * kept here until the batch that applies them: the page gets back each
 * table's counts and a key, and the rows never travel in a message. Kept in
 * the tab's own worker, not the leader's, so a batch sent to another tab's
 * worker carries its rows with it.
 */
export class StagedPages {
  private readonly pages = new Map<number, Map<string, SqlRows>>();
  private nextPage = 1;

  /** Reads `body` as readPulledPage does; its errors (ClinicSyncError) are thrown as they are. */
  stage(body: ArrayBuffer, context: AnswerContext): PulledPage {
    const page = readPulledPage(body, context);
    const id = this.nextPage++;
    const rows = new Map<string, SqlRows>();
    const tables = page.tables.map((table) => {
      if ('staged' in table.upserts || table.upserts.length === 0) return table;
      const key = `${id}/${table.name}`;
      rows.set(key, table.upserts);
      return { ...table, upserts: { staged: key } };
    });
    this.pages.set(id, rows);
    for (const old of this.pages.keys()) {
      if (this.pages.size <= pagesKept) break;
      this.pages.delete(old);
    }
    return { ...page, tables };
  }

  /**
   * `statements` with each `staged` one given its rows. A page is applied in
   * one batch, so the pages it uses are let go of here, whether it commits
   * or not (a failed page is fetched again).
   */
  resolve(statements: readonly SqlStatement[]): SqlStatement[] {
    return statements.map((statement) => {
      if (!('staged' in statement)) return statement;
      const id = Number(statement.staged.split('/')[0]);
      const rows = this.pages.get(id)?.get(statement.staged);
      if (!rows) {
        throw new Error('A pulled page was let go of before it was applied; sync again.');
      }
      this.pages.get(id)!.delete(statement.staged);
      if (this.pages.get(id)!.size === 0) this.pages.delete(id);
      return { sql: statement.sql, rows };
    });
  }
}
