import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createUser, providerPermissions, signIn } from './admin-api.js';
import { benchUser, seed } from './data-sets.js';
import type { RunDatabase } from './data-sets.js';
import { countDeviceRows } from './device-files.js';
import { runPeer } from './processes.js';
import type { PeerOutcome } from './processes.js';
import { pullPages } from './raw-pull.js';
import type { RunFigures, RunOptions } from './run-once.js';
import { median } from './stats.js';
import { startSyncServer } from './sync-server.js';

/** The provider's clinics: `clinicsync seed` names them `s<seed>-c1`, `s<seed>-c2`, … */
const homeClinic = `s${seed}-c1`;
const secondClinic = `s${seed}-c2`;
const provider = {
  email: 'scoped.provider@bench.clinicsync.local',
  password: 'bench-password-1',
};

const timeoutBySize = { S: 300_000, M: 900_000, L: 2_700_000 } as const;
/** Fresh devices of the provider whose first syncs make the figure (their median). */
const scopedFirstSyncs = 5;

interface FirstSync {
  ms: number;
  applyMs: number;
  records: number;
  pages: number;
}

interface JoinResult {
  noopMedianMs: number;
  noopMs: number[];
  otherNoopMedianMs: number;
  joinMs: number;
  joinRecords: number;
  joinCreated: number;
  joinPages: number;
}

interface LeaveResult {
  leaveMs: [number, number];
  leaveRecords: [number, number];
  leaveDeleted: [number, number];
  leaveRemoved: number;
}

/**
 * Scope (issue 12, item 7), one run on a pristine copy of the many-clinic
 * data set: a provider of one clinic, created through the administration
 * API, makes a first sync with the SDK, and the super administrator makes
 * one of the whole organisation on the same server (per-record times are
 * compared); then the provider's device syncs with nothing new, joins a
 * second clinic (one sync), and leaves it (two syncs). A fresh device of
 * the provider while in both clinics gives the size of a full download,
 * which the join's one pull is compared with.
 */
export async function runScoped(db: RunDatabase, options: RunOptions): Promise<RunFigures> {
  const values: Record<string, number> = {};
  const failures: Record<string, string> = {};
  const work = mkdtempSync(join(tmpdir(), 'clinicsync-bench-scoped-'));
  const timeoutMs = timeoutBySize[options.size];
  const note = <R extends object>(group: string, outcome: PeerOutcome<R>): R | undefined => {
    options.log(
      `  ${group}: ${outcome.ok ? 'ok' : `FAILED (${outcome.error})`} in ${(outcome.wallMs / 1000).toFixed(1)} s, peak RSS ${Math.round(outcome.peakRssMb)} MB`,
    );
    if (!outcome.ok) failures[group] = outcome.error ?? 'failed';
    return outcome.result;
  };
  const server = await startSyncServer(db);
  try {
    const admin = { serverUrl: server.url, ...benchUser };
    const adminToken = await signIn(server.url, benchUser.email, benchUser.password);
    const userId = await createUser(server.url, adminToken, {
      ...provider,
      name: 'Bench Provider',
      role: 'provider',
      clinic_id: homeClinic,
      permissions: providerPermissions,
    });
    const scopedUser = { serverUrl: server.url, ...provider };
    // Warm-up, untimed: a few pages of the organisation (as the other peers'
    // runs do) and the provider's whole scope, which also verifies both
    // passwords once (the server then remembers them for a minute).
    let pages = 0;
    for await (const page of pullPages(admin, 0, options.pageSize))
      if (page && ++pages === 5) break;
    for await (const page of pullPages(scopedUser, 0, options.pageSize)) void page;

    const onServer = async <R extends object>(group: string, peer: string, input: object) => {
      server.beginPhase();
      const outcome = await runPeer<R>(peer, input, { timeoutMs });
      values[`${group}.serverRssMb`] = server.endPhase();
      values[`${group}.deviceRssMb`] = outcome.peakRssMb;
      return note(group, outcome);
    };
    const firstSync = (group: string, user: object, file: string) =>
      onServer<FirstSync>(group, 'sdk-first-sync', { ...user, file, pageSize: options.pageSize });

    // A first sync of one clinic takes a few seconds, where a burst of load on the machine
    // weighs more than in the organisation's minute-long one: the figure is the median of
    // several fresh devices of the provider. The first device goes on to the later phases.
    const deviceFile = join(work, 'scoped.db');
    const firstSyncs: FirstSync[] = [];
    for (let i = 0; i < scopedFirstSyncs; i++) {
      const file = i === 0 ? deviceFile : join(work, `scoped-${i}.db`);
      const sync = await firstSync('scoped', scopedUser, file);
      if (sync) firstSyncs.push(sync);
      if (i > 0) rmSync(file, { force: true });
    }
    const scoped = firstSyncs.length === scopedFirstSyncs ? firstSyncs[0] : undefined;
    if (new Set(firstSyncs.map((s) => s.records)).size > 1) {
      failures['scoped'] =
        `fresh devices of one user pulled ${firstSyncs.map((s) => s.records).join(', ')} records`;
    }
    if (scoped) {
      const ms = firstSyncs.map((s) => s.ms);
      values['scoped.firstSyncMs'] = median(ms);
      values['scoped.firstSyncMinMs'] = Math.min(...ms);
      values['scoped.firstSyncMaxMs'] = Math.max(...ms);
      values['scoped.applyMs'] = median(firstSyncs.map((s) => s.applyMs));
      values['scoped.records'] = scoped.records;
      values['scoped.pages'] = scoped.pages;
    }
    const unscopedFile = join(work, 'unscoped.db');
    const unscoped = await firstSync('unscoped', admin, unscopedFile);
    if (unscoped) {
      values['unscoped.firstSyncMs'] = unscoped.ms;
      values['unscoped.applyMs'] = unscoped.applyMs;
      values['unscoped.records'] = unscoped.records;
    }
    if (!scoped) return { values, failures };
    // The same first syncs in one warm process, taking turns: how much of the time is fixed.
    const warm = note(
      'scoped.warm',
      await runPeer<{ syncs: { name: string; ms: number; records: number }[] }>(
        'sdk-warm-first-syncs',
        {
          serverUrl: server.url,
          dir: work,
          pageSize: options.pageSize,
          order: ['scoped', 'unscoped', 'scoped', 'scoped', 'scoped', 'unscoped'].map((name) => ({
            name,
            ...(name === 'scoped' ? provider : benchUser),
          })),
        },
        { timeoutMs },
      ),
    );
    if (warm) {
      const [cold, ...later] = warm.syncs;
      values['scoped.processColdMs'] = cold!.ms;
      for (const name of ['scoped', 'unscoped']) {
        const ms = later.filter((s) => s.name === name).map((s) => s.ms);
        values[`${name}.warmMs`] = median(ms);
      }
    }

    const membership = {
      adminToken,
      userId,
      clinicId: secondClinic,
      permissions: providerPermissions,
    };
    const change = { ...scopedUser, file: deviceFile, membership };
    const joined = note(
      'scoped.join',
      await runPeer<JoinResult>(
        'sdk-scope-change',
        {
          ...change,
          phase: 'join',
          noopSyncs: 21,
          // The same figure for the whole organisation, syncs taking turns: what scope adds to it.
          ...(unscoped ? { compareWith: { ...benchUser, file: unscopedFile } } : {}),
        },
        { timeoutMs },
      ),
    );
    if (!joined) return { values, failures };
    values['scoped.nothingNewMs'] = joined.noopMedianMs;
    if (unscoped) values['unscoped.nothingNewMs'] = joined.otherNoopMedianMs;
    rmSync(unscopedFile, { force: true });
    values['scoped.joinMs'] = joined.joinMs;
    values['scoped.joinRecords'] = joined.joinRecords;
    values['scoped.joinCreated'] = joined.joinCreated;
    values['scoped.heldAfterJoin'] = countDeviceRows(deviceFile);
    // What a full download would have been: a fresh device of the provider in both clinics.
    const both = await firstSync('scoped.fresh', scopedUser, join(work, 'both.db'));
    if (both) {
      values['scoped.freshBothRecords'] = both.records;
      values['scoped.freshBothMs'] = both.ms;
    }
    const left = note(
      'scoped.leave',
      await runPeer<LeaveResult>(
        'sdk-scope-change',
        { ...change, phase: 'leave', noopSyncs: 0 },
        { timeoutMs },
      ),
    );
    if (left) {
      values['scoped.leaveDeleted'] = left.leaveDeleted[0] + left.leaveDeleted[1];
      values['scoped.leaveFirstDeleted'] = left.leaveDeleted[0];
      values['scoped.leaveSecondDeleted'] = left.leaveDeleted[1];
      values['scoped.leaveRecords'] = left.leaveRecords[0] + left.leaveRecords[1];
      values['scoped.leaveMs'] = left.leaveMs[0] + left.leaveMs[1];
      values['scoped.leaveSecondMs'] = left.leaveMs[1];
      values['scoped.heldAfterLeave'] = countDeviceRows(deviceFile);
    }
  } catch (error) {
    // A failed call (e.g. an administration route missing) is this scenario's failure, not the run's end.
    failures['scoped'] = error instanceof Error ? error.message : String(error);
    options.log(`  scoped: FAILED (${failures['scoped']})`);
  } finally {
    await server.stop();
    rmSync(work, { recursive: true, force: true });
  }
  return { values, failures };
}
