import { clinicsyncCommand } from './data-sets.js';
import type { RunDatabase } from './data-sets.js';
import { startService } from './processes.js';
import type { Service } from './processes.js';

/** `clinicsync serve` on a free port, in its own process, logging warnings only. */
export async function startSyncServer(db: RunDatabase): Promise<Service & { url: string }> {
  const args = ['serve', '--port', '0', '--host', '127.0.0.1'];
  if (db.dataDir) args.push('--data', db.dataDir);
  // The bench makes many first syncs of one user, several at once: no full-pull limit.
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', FULL_PULLS_PER_HOUR: '0' };
  if (db.databaseUrl) env['DATABASE_URL'] = db.databaseUrl;
  else delete env['DATABASE_URL'];
  const service = await startService(process.execPath, [clinicsyncCommand(), ...args], {
    env,
    timeoutMs: 120_000,
    isReady: (line) => /is running at (http:\/\/\S+?) /.exec(line)?.[1],
  });
  return Object.assign(service, { url: service.ready as string });
}
