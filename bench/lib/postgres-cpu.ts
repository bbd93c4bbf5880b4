import { readdirSync, readFileSync } from 'node:fs';
import type { Queryable } from '@clinicsync/server';

/** Clock ticks per second of /proc/<pid>/stat's times (USER_HZ, 100 on Linux). */
const ticksPerSecond = 100;

/** Fields of /proc/<pid>/stat after the command name (which may hold spaces). */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined; // The process ended.
  }
}

/**
 * CPU milliseconds a PostgreSQL server on this machine has used: its
 * postmaster's own and reaped children's (backends that ended), plus the
 * live children's. Found from a connection to it: the backend's parent is
 * the postmaster. Differences between two readings give the database's CPU
 * for what ran between them, on the primary and on a replica apart.
 */
export async function clusterCpuReader(db: Queryable): Promise<() => number> {
  const [{ pid }] = (await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')) as [
    { pid: number },
  ];
  const postmaster = Number(statFields(pid)![1]);
  return () => {
    const own = statFields(postmaster)!;
    // utime, stime, cutime, cstime are fields 14–17 of stat (11–14 here).
    let ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(own[i]), 0);
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const fields = statFields(Number(entry));
      if (fields?.[1] === String(postmaster)) ticks += Number(fields[11]) + Number(fields[12]);
    }
    return (ticks * 1000) / ticksPerSecond;
  };
}
