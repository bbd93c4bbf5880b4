// First syncs of fresh devices made one after another in ONE process, for
// several users in the order given: the first pays the process's one-time
// costs (compiling the SDK's code paths, the first connection), the others
// show the per-record cost without them. A device's first sync on a phone
// pays those costs too, which is why the headline figure is the fresh
// process; this one says how much of it is fixed.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { openNodeDevice } from '@clinicsync/client/node';
import { peerInput, runPeer } from '../lib/peer.js';

interface Input {
  serverUrl: string;
  dir: string;
  pageSize: number;
  /** Who syncs, in order (a name, for the result, and credentials). */
  order: { name: string; email: string; password: string }[];
}

runPeer(async () => {
  const input = peerInput<Input>();
  const syncs: { name: string; ms: number; records: number }[] = [];
  for (const [index, who] of input.order.entries()) {
    const file = join(input.dir, `warm-${index}.db`);
    const device = await openNodeDevice({
      file,
      serverUrl: input.serverUrl,
      auth: { type: 'basic', email: who.email, password: who.password },
      pageSize: input.pageSize,
    });
    const started = performance.now();
    const report = await device.engine.sync();
    const ms = performance.now() - started;
    await device.close();
    rmSync(file, { force: true });
    rmSync(`${file}-wal`, { force: true });
    rmSync(`${file}-shm`, { force: true });
    const records = Object.values(report.pulled).reduce(
      (n, c) => n + c.created + c.updated + c.deleted,
      0,
    );
    syncs.push({ name: who.name, ms, records });
  }
  return { syncs };
});
