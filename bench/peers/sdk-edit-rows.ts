// "Another device" changes 1% of the rows and pushes them: a copy of a synced
// device (new device id) edits one text column of every 100th row of each
// device-writable table, then syncs. This makes the first device one day behind.
import { syncedTables } from '@clinicsync/schema';
import { openNodeDevice } from '@clinicsync/client/node';
import { cloneDevice, sampleIds } from '../lib/device-files.js';
import { peerInput, runPeer } from '../lib/peer.js';

interface Input {
  serverUrl: string;
  email: string;
  password: string;
  sourceFile: string;
  file: string;
}

runPeer(async () => {
  const input = peerInput<Input>();
  cloneDevice(input.sourceFile, input.file);
  const edits: { table: string; column: string; ids: string[] }[] = [];
  for (const table of syncedTables) {
    if (table.sync !== 'device_writable') continue;
    // A free-text column (not a reference): an edit a clinician would make.
    const column = table.columns.find(
      (c) => c.kind === 'text' && !c.name.endsWith('_id') && c.name !== 'last_modified_by',
    );
    if (!column) continue;
    const ids = sampleIds(input.file, table.name, 100);
    if (ids.length > 0) edits.push({ table: table.name, column: column.name, ids });
  }
  const device = await openNodeDevice({
    file: input.file,
    serverUrl: input.serverUrl,
    auth: { type: 'basic', email: input.email, password: input.password },
  });
  let edited = 0;
  await device.store.transaction(async (tx) => {
    for (const { table, column, ids } of edits) {
      for (const id of ids) {
        await tx.update(table as never, id, { [column]: `edited ${edited++}` } as never);
      }
    }
  });
  const started = performance.now();
  const report = await device.engine.sync();
  const ms = performance.now() - started;
  await device.close();
  const pushed = Object.values(report.pushed).reduce(
    (sum, c) => sum + c.created + c.updated + c.deleted,
    0,
  );
  if (pushed !== edited || report.rejected.length > 0)
    throw new Error(`edited ${edited} rows, pushed ${pushed}, rejected ${report.rejected.length}`);
  return { ms, edited };
});
