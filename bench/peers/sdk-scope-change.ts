// The scoped device after its first sync, in one of two phases:
// - `join`: syncs with nothing new (timed, the median is the figure), taking
//   turns with a device of the whole organisation (`compareWith`) so both
//   medians see the same machine; then an administrator adds the user to a
//   second clinic and one sync is timed;
// - `leave`: the administrator removes the user from that clinic and the
//   device syncs twice (the clinic's rows leave one sync late, by design:
//   PROTOCOL.md, "Scope changes arrive by sync").
// The administration calls are made over HTTP before the timer starts.
import type { Permissions } from '@clinicsync/schema';
import { openNodeDevice } from '@clinicsync/client/node';
import type { SyncReport } from '@clinicsync/client/node';
import { addToClinic, removeFromClinic } from '../lib/admin-api.js';
import { peerInput, runPeer } from '../lib/peer.js';
import { median } from '../lib/stats.js';

interface DeviceOf {
  file: string;
  email: string;
  password: string;
}

interface Input extends DeviceOf {
  serverUrl: string;
  phase: 'join' | 'leave';
  noopSyncs: number;
  /** A second device whose syncs with nothing new alternate with ours. */
  compareWith?: DeviceOf;
  /** The administrator's Bearer token, the user, the clinic they join and leave. */
  membership: { adminToken: string; userId: string; clinicId: string; permissions: Permissions };
}

const sum = (counts: SyncReport['pulled'], kind?: 'created' | 'updated' | 'deleted') =>
  Object.values(counts).reduce(
    (n, c) => n + (kind ? c[kind] : c.created + c.updated + c.deleted),
    0,
  );

async function open(serverUrl: string, who: DeviceOf) {
  const device = await openNodeDevice({
    file: who.file,
    serverUrl,
    auth: { type: 'basic', email: who.email, password: who.password },
  });
  const timedSync = async () => {
    const started = performance.now();
    const report = await device.engine.sync();
    return { ms: performance.now() - started, report };
  };
  return { close: () => device.close(), timedSync };
}

/** Syncs with nothing new, each device in turn: the times of each. */
async function nothingNew(
  devices: readonly (Awaited<ReturnType<typeof open>> | undefined)[],
  count: number,
): Promise<number[][]> {
  const times = devices.map(() => [] as number[]);
  for (let i = 0; i < count; i++) {
    for (const [index, device] of devices.entries()) {
      if (!device) continue;
      const { ms, report } = await device.timedSync();
      times[index]!.push(ms);
      if (sum(report.pulled) !== 0) throw new Error('a sync with nothing new pulled records');
    }
  }
  return times;
}

runPeer(async () => {
  const input = peerInput<Input>();
  const { serverUrl, membership } = input;
  const device = await open(serverUrl, input);
  try {
    if (input.phase === 'join') {
      const other = input.compareWith ? await open(serverUrl, input.compareWith) : undefined;
      const [noopMs, otherNoopMs] = await nothingNew([device, other], input.noopSyncs);
      await other?.close();
      const { adminToken, userId, clinicId, permissions } = membership;
      await addToClinic(serverUrl, adminToken, userId, clinicId, permissions);
      const join = await device.timedSync();
      return {
        noopMedianMs: median(noopMs!),
        noopMs,
        otherNoopMedianMs: median(otherNoopMs!),
        otherNoopMs,
        joinMs: join.ms,
        joinRecords: sum(join.report.pulled),
        joinCreated: sum(join.report.pulled, 'created'),
        joinPages: join.report.pages,
      };
    }
    await removeFromClinic(
      serverUrl,
      membership.adminToken,
      membership.userId,
      membership.clinicId,
    );
    const first = await device.timedSync();
    const second = await device.timedSync();
    return {
      leaveMs: [first.ms, second.ms],
      leaveRecords: [sum(first.report.pulled), sum(second.report.pulled)],
      leaveDeleted: [sum(first.report.pulled, 'deleted'), sum(second.report.pulled, 'deleted')],
      leaveRemoved: first.report.removed + second.report.removed,
    };
  } finally {
    await device.close();
  }
});
