// Incremental syncs of the device that made the first sync: once one day
// behind (another device changed 1% of the rows), then repeatedly with
// nothing new. Bytes are counted by a proxy in this process; the no-op syncs
// are timed without it (it would add a hop), then one more counts their bytes.
import { openNodeDevice } from '@clinicsync/client/node';
import type { SyncReport } from '@clinicsync/client/node';
import { startCountingProxy } from '../lib/counting-proxy.js';
import { peerInput, runPeer } from '../lib/peer.js';
import { median } from '../lib/stats.js';

interface Input {
  serverUrl: string;
  email: string;
  password: string;
  file: string;
  noopSyncs: number;
}

const countRecords = (counts: SyncReport['pulled']) =>
  Object.values(counts).reduce((sum, c) => sum + c.created + c.updated + c.deleted, 0);

runPeer(async () => {
  const input = peerInput<Input>();
  const proxy = await startCountingProxy(input.serverUrl);
  const auth = { type: 'basic', email: input.email, password: input.password } as const;
  const viaProxy = await openNodeDevice({ file: input.file, serverUrl: proxy.url, auth });
  let started = performance.now();
  const behind = await viaProxy.engine.sync();
  const behindMs = performance.now() - started;
  const behindBytes = { ...proxy.count };
  proxy.reset();
  await viaProxy.engine.sync();
  const noopBytes = { ...proxy.count };
  await viaProxy.close();
  proxy.close();

  const direct = await openNodeDevice({ file: input.file, serverUrl: input.serverUrl, auth });
  const noopMs: number[] = [];
  for (let i = 0; i < input.noopSyncs; i++) {
    started = performance.now();
    const report = await direct.engine.sync();
    noopMs.push(performance.now() - started);
    if (countRecords(report.pulled) !== 0)
      throw new Error('a sync with nothing new pulled records');
  }
  await direct.close();
  return {
    behindMs,
    behindRecords: countRecords(behind.pulled),
    behindBytes,
    noopMedianMs: median(noopMs),
    noopMs,
    noopBytes,
  };
});
