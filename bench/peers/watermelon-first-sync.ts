// Stock WatermelonDB 0.28 (SQLite adapter on better-sqlite3, in memory) doing
// its first sync through our server exactly as the Hikma app does: one
// unpaged pull, held and applied in one batch. Run with --max-old-space-size
// so that at large sizes it fails as a figure instead of taking the machine.
import { createWatermelonDevice } from '@clinicsync/testing/watermelon';
import { peerInput, runPeer } from '../lib/peer.js';

interface Input {
  serverUrl: string;
  email: string;
  password: string;
}

runPeer(async () => {
  const input = peerInput<Input>();
  const device = await createWatermelonDevice({
    serverUrl: input.serverUrl,
    email: input.email,
    password: input.password,
    recordExchanges: false,
  });
  const started = performance.now();
  await device.sync();
  const ms = performance.now() - started;
  if (device.diagnostics.length > 0)
    throw new Error(`WatermelonDB diagnostics: ${device.diagnostics.slice(0, 3).join('; ')}`);
  await device.close();
  return { ms };
});
