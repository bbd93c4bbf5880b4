import type { HistoryEntry } from './account-writes.js';

/** A change to one user's clinics or follows, at a wall-clock time (ms). */
export interface MembershipEvent {
  readonly user: string;
  readonly kind: 'join' | 'leave' | 'follow' | 'unfollow';
  /** A clinic id for join and leave, a patient id for follow and unfollow. */
  readonly target: string;
  readonly time: number;
}

/** A patient tied to a clinic (its primary clinic, or a visit there) from `from` until `until`. */
interface Tie {
  readonly clinic: string;
  readonly from: number;
  until: number;
}

interface PatientLife {
  created: number;
  deleted: number;
  readonly ties: Tie[];
}

/**
 * Who could see which patient when, rebuilt from the server's change history
 * (the patients and visits as they reached the server, each at its `at`) and
 * the soak's own membership calls, by PROTOCOL.md's "Scope" rules alone: a
 * patient is in a user's scope while the user follows it or belongs to its
 * primary clinic or the clinic of one of its live visits.
 *
 * The soak asks it one question: did a record's patient leave a user's scope
 * at some moment after a device of that user wrote to it? Only then may stock
 * WatermelonDB have dropped the write (it drops a record's pending changes
 * when a pull deletes it, and a pull deletes what left the scope). A patient
 * leaves a scope not only when its user leaves a clinic or unfollows it, but
 * also when the visit tying it to the user's clinic is deleted by someone
 * else, and it can come back afterwards: the end state alone misses both.
 */
export class ScopeTimeline {
  private readonly patients = new Map<string, PatientLife>();
  private readonly events: MembershipEvent[];
  /** Times at which some patient's ties changed, per patient. */
  private readonly tieTimes = new Map<string, number[]>();

  constructor(
    history: readonly HistoryEntry[],
    private readonly homeClinic: ReadonlyMap<string, string>,
    events: readonly MembershipEvent[],
  ) {
    this.events = [...events].sort((a, b) => a.time - b.time);
    const visits = new Map<string, Tie & { patient: string }>();
    const life = (patient: string) => {
      let found = this.patients.get(patient);
      if (!found) {
        found = { created: Infinity, deleted: Infinity, ties: [] };
        this.patients.set(patient, found);
      }
      return found;
    };
    const changed = (patient: string, time: number) => {
      const times = this.tieTimes.get(patient) ?? [];
      times.push(time);
      this.tieTimes.set(patient, times);
    };
    for (const entry of history) {
      if (entry.table_name === 'patients') {
        const patient = life(entry.row_id);
        if (entry.op === 'create') {
          patient.created = entry.atMs;
          const clinic = entry.after?.['primary_clinic_id'];
          if (typeof clinic === 'string') {
            patient.ties.push({ clinic, from: entry.atMs, until: Infinity });
          }
        } else if (entry.op === 'delete') {
          patient.deleted = Math.min(patient.deleted, entry.atMs);
        }
      } else if (entry.table_name === 'visits') {
        if (entry.op === 'create') {
          const patientId = entry.after?.['patient_id'];
          const clinic = entry.after?.['clinic_id'];
          if (typeof patientId !== 'string' || typeof clinic !== 'string') continue;
          const tie = { clinic, from: entry.atMs, until: Infinity, patient: patientId };
          visits.set(entry.row_id, tie);
          life(patientId).ties.push(tie);
          changed(patientId, entry.atMs);
        } else if (entry.op === 'delete') {
          const tie = visits.get(entry.row_id);
          if (!tie || tie.until !== Infinity) continue;
          tie.until = entry.atMs;
          changed(tie.patient, entry.atMs);
        }
      }
    }
  }

  /** Whether `patient` is in `user`'s scope at `time`; a patient not on the server then counts as in. */
  inScope(user: string, patient: string, time: number): boolean {
    const life = this.patients.get(patient);
    if (!life || time < life.created || time >= life.deleted) return true;
    const clinics = new Set([this.homeClinic.get(user)]);
    let followed = false;
    for (const event of this.events) {
      if (event.time > time) break;
      if (event.user !== user) continue;
      if (event.kind === 'join') clinics.add(event.target);
      else if (event.kind === 'leave') clinics.delete(event.target);
      else if (event.target === patient) followed = event.kind === 'follow';
    }
    return (
      followed || life.ties.some((t) => t.from <= time && time < t.until && clinics.has(t.clinic))
    );
  }

  /** Whether `patient` was outside `user`'s scope at `time` or at any moment after it. */
  leftAfter(user: string, patient: string, time: number): boolean {
    const created = this.patients.get(patient)?.created ?? Infinity;
    const moments = [
      time,
      ...(created > time && created !== Infinity ? [created] : []),
      ...this.events.filter((e) => e.user === user && e.time > time).map((e) => e.time),
      ...(this.tieTimes.get(patient) ?? []).filter((t) => t > time),
    ];
    return moments.some((t) => !this.inScope(user, patient, t));
  }
}
