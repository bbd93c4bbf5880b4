// A push of 10,000 records in one sync: a copy of a synced device (new device
// id) registers 2,000 patients, each with two visits and two events (values
// copied from stored rows), then one sync pushes them. Only the sync is timed.
import { randomUUID } from 'node:crypto';
import { openNodeDevice } from '@clinicsync/client/node';
import { cloneDevice, readTemplateRows } from '../lib/device-files.js';
import { peerInput, runPeer } from '../lib/peer.js';

interface Input {
  serverUrl: string;
  email: string;
  password: string;
  sourceFile: string;
  file: string;
  patients: number;
}

const withoutId = ({ id: _id, ...values }: Record<string, unknown>) => values;

runPeer(async () => {
  const input = peerInput<Input>();
  cloneDevice(input.sourceFile, input.file);
  const templates = readTemplateRows(input.file, ['patients', 'visits', 'events']);
  const device = await openNodeDevice({
    file: input.file,
    serverUrl: input.serverUrl,
    auth: { type: 'basic', email: input.email, password: input.password },
  });
  let created = 0;
  await device.store.transaction(async (tx) => {
    for (let p = 0; p < input.patients; p++) {
      const patient = await tx.create('patients', {
        ...withoutId(templates['patients']!),
        given_name: `Bench ${p}`,
        external_patient_id: randomUUID(),
      } as never);
      created++;
      for (let v = 0; v < 2; v++) {
        const visit = await tx.create('visits', {
          ...withoutId(templates['visits']!),
          patient_id: patient.id,
        } as never);
        await tx.create('events', {
          ...withoutId(templates['events']!),
          patient_id: patient.id,
          visit_id: visit.id,
        } as never);
        created += 2;
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
  if (pushed !== created || report.rejected.length > 0)
    throw new Error(`created ${created}, pushed ${pushed}, rejected ${report.rejected.length}`);
  return { ms, pushed, pushes: report.pushes };
});
