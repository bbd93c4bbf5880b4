type Row = Record<string, unknown>;

/** A row in a stable form: the clients order a row's keys differently. */
function stable(row: Row): string {
  return JSON.stringify(
    Object.fromEntries(Object.entries(row).sort(([a], [b]) => (a < b ? -1 : 1))),
  );
}

/**
 * How a device's records differ from the server's, table by table: a
 * missing or extra record, a column with another value, an id twice.
 * Returns the rows compared, one line per table that differs, and the
 * number of records held that the server does not hold (`extra`). A record
 * that `pending(table, id)` names (a device's own write the server refused,
 * which the device keeps pending) may be missing, extra or differ: it is
 * listed in `pendingRefused` instead.
 */
export function compareContents(
  device: Readonly<Record<string, readonly Row[]>>,
  server: Readonly<Record<string, readonly Row[]>>,
  pending: (table: string, id: string) => boolean = () => false,
): { compared: number; differences: string[]; extra: number; pendingRefused: string[] } {
  let compared = 0;
  let extra = 0;
  const differences: string[] = [];
  const pendingRefused: string[] = [];
  for (const [table, expected] of Object.entries(server)) {
    const actual = device[table] ?? [];
    compared += actual.length;
    const want = new Map(expected.map((r) => [r.id as string, stable(r)]));
    const have = new Map(actual.map((r) => [r.id as string, stable(r)]));
    const problems: string[] = [];
    if (have.size !== actual.length) problems.push('an id twice');
    const differs = (id: string, problem: string) => {
      if (pending(table, id)) pendingRefused.push(`${table} ${id}`);
      else problems.push(problem);
    };
    for (const [id, row] of want) {
      if (!have.has(id)) differs(id, `missing ${id}`);
      else if (have.get(id) !== row) differs(id, `differs ${id}: ${have.get(id)} vs ${row}`);
    }
    for (const id of have.keys()) {
      if (want.has(id) || pending(table, id)) {
        if (!want.has(id)) pendingRefused.push(`${table} ${id}`);
        continue;
      }
      extra++;
      problems.push(`extra ${id}`);
    }
    if (problems.length > 0) {
      differences.push(`${table} differs in ${problems.length} rows, e.g. ${problems[0]}`);
    }
  }
  return { compared, differences, extra, pendingRefused };
}
