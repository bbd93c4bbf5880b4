import { readdirSync, readFileSync } from 'node:fs';
import type { Queryable } from '@clinicsync/server';
import pg from 'pg';

/** Clock ticks per second of /proc/<pid>/stat's times (USER_HZ, 100 on Linux). */
const ticksPerSecond = 100;

/** utime + stime of a process, in ms; undefined once it ended. */
export function processCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): utime, stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
  } catch {
    return undefined;
  }
}

/** The pids of the backends serving database `name` (their title names it). */
function backendsOf(postmaster: number, name: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1] !== String(postmaster)) continue;
      const title = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (title.split(' ').includes(name)) pids.push(Number(entry));
    } catch {
      // Ended while we looked.
    }
  }
  return pids;
}

/**
 * Measures the CPU that one database's backends use on a PostgreSQL server
 * of this machine, apart from other databases' (other work on the same
 * server): the backends are found by their process title, sampled every
 * 100 ms so that one ending in between keeps what it had used.
 */
export async function databaseCpuMeter(db: Queryable): Promise<{ start(): void; stop(): number }> {
  const [me] = await db.query<{ pid: number; name: string }>(
    'SELECT pg_backend_pid() AS pid, current_database() AS name',
  );
  const stat = readFileSync(`/proc/${me!.pid}/stat`, 'utf8');
  const postmaster = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  let baseline = new Map<number, number>();
  let latest = new Map<number, number>();
  let timer: NodeJS.Timeout | undefined;
  const sample = () => {
    for (const pid of backendsOf(postmaster, me!.name)) {
      const ms = processCpuMs(pid);
      if (ms !== undefined) latest.set(pid, ms);
    }
  };
  return {
    start() {
      latest = new Map();
      sample();
      baseline = new Map(latest);
      timer = setInterval(sample, 100);
    },
    stop() {
      clearInterval(timer);
      sample();
      let total = 0;
      for (const [pid, ms] of latest) total += ms - (baseline.get(pid) ?? 0);
      return total;
    },
  };
}

/** `databaseCpuMeter` for the database at `url`, through a connection of its own. */
export async function openDatabaseCpuMeter(
  url: string,
): Promise<{ cpu: { start(): void; stop(): number }; close(): Promise<void> }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const db = {
    query: async <Row>(sql: string, params: readonly unknown[] = []) =>
      (await client.query(sql, params as unknown[])).rows as Row[],
  };
  return { cpu: await databaseCpuMeter(db), close: () => client.end() };
}

/**
 * CPU the whole machine has used (all cores, every process, idle and I/O wait
 * excepted), in ms: over a run, how near the cores were to full, other
 * people's work included.
 */
export function machineCpuMs(): number {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1);
  const ticks = fields.map(Number);
  // user nice system idle iowait irq softirq steal (guest time is already in user)
  const busy = ticks.slice(0, 8).reduce((n, t, i) => (i === 3 || i === 4 ? n : n + t), 0);
  return (busy * 1000) / ticksPerSecond;
}
