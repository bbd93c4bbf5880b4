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
 * Returns the rows compared and one line per table that differs.
 */
export function compareContents(
  device: Readonly<Record<string, readonly Row[]>>,
  server: Readonly<Record<string, readonly Row[]>>,
): { compared: number; differences: string[] } {
  let compared = 0;
  const differences: string[] = [];
  for (const [table, expected] of Object.entries(server)) {
    const actual = device[table] ?? [];
    compared += actual.length;
    const want = new Map(expected.map((r) => [r.id as string, stable(r)]));
    const have = new Map(actual.map((r) => [r.id as string, stable(r)]));
    const problems: string[] = [];
    if (have.size !== actual.length) problems.push('an id twice');
    for (const [id, row] of want) {
      if (!have.has(id)) problems.push(`missing ${id}`);
      else if (have.get(id) !== row) problems.push(`differs ${id}: ${have.get(id)} vs ${row}`);
    }
    for (const id of have.keys()) if (!want.has(id)) problems.push(`extra ${id}`);
    if (problems.length > 0) {
      differences.push(`${table} differs in ${problems.length} rows, e.g. ${problems[0]}`);
    }
  }
  return { compared, differences };
}
