import { signIn } from '@clinicsync/client/node';
import { allPermissions } from '@clinicsync/testing/server';
import type { SoakUser } from './prepare-clinic.js';
import type { Random } from './random.js';
import type { MembershipEvent } from './scope-timeline.js';

export const scopeChangeKinds = ['join', 'follow', 'leave', 'unfollow'] as const;
export type ScopeChangeKind = (typeof scopeChangeKinds)[number];

/** One change the soak made to a user's scope, and what the server answered. */
export interface ScopeChange {
  readonly kind: ScopeChangeKind;
  readonly user: string;
  /** The clinic joined or left, or the patient followed or unfollowed. */
  readonly target: string;
  readonly status: number;
  /** Writes the devices had made when it was made. */
  readonly at: number;
  /**
   * When it took effect, as generously to the user's scope as the call
   * allows (ms since the epoch): a join or follow when the call was sent,
   * a leave or unfollow when it was answered.
   */
  readonly time: number;
}

const add = <K, V>(map: Map<K, Set<V>>, key: K, value: V) => {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
};

/**
 * What the soak did to scopes, kept by the soak itself: each user's clinics
 * and follows now and all they ever had, and the clinics the devices' writes
 * tied each patient to. The end check reads memberships from the server's
 * tables and compares them with this.
 */
export class ScopeModel {
  readonly clinics = new Map<string, Set<string>>();
  readonly follows = new Map<string, Set<string>>();
  private readonly everClinics = new Map<string, Set<string>>();
  private readonly everFollowed = new Map<string, Set<string>>();
  private readonly patientClinics = new Map<string, Set<string>>();

  constructor(readonly users: readonly SoakUser[]) {
    for (const user of users) {
      add(this.clinics, user.id, user.clinicId);
      add(this.everClinics, user.id, user.clinicId);
      this.follows.set(user.id, new Set());
    }
  }

  /** Whether a write tied `patientId` to `clinicId`. */
  tiedTo(patientId: string, clinicId: string): boolean {
    return this.patientClinics.get(patientId)?.has(clinicId) ?? false;
  }

  /** A device wrote a record tying `patientId` to `clinicId` (primary clinic, a visit). */
  linkPatient(patientId: string, clinicId: string): void {
    add(this.patientClinics, patientId, clinicId);
  }

  /** The user's clinics now, in a stable order. */
  clinicsOf(userId: string): string[] {
    return [...(this.clinics.get(userId) ?? [])].sort();
  }

  /**
   * Whether a device of `userId` may ever have held `patientId`: a write tied
   * it to a clinic the user ever belonged to, or the user ever followed it.
   * Holding any other patient, at any time, is a leak.
   */
  everReached(userId: string, patientId: string): boolean {
    if (this.everFollowed.get(userId)?.has(patientId)) return true;
    const ever = this.everClinics.get(userId);
    return [...(this.patientClinics.get(patientId) ?? [])].some((c) => ever?.has(c));
  }

  /** Patients the devices created that the user does not reach now, as far as the soak knows. */
  outsideNow(userId: string): string[] {
    const clinics = this.clinics.get(userId)!;
    const follows = this.follows.get(userId)!;
    return [...this.patientClinics]
      .filter(([id, tied]) => !follows.has(id) && ![...tied].some((c) => clinics.has(c)))
      .map(([id]) => id)
      .sort();
  }

  joined(userId: string, clinicId: string): void {
    add(this.clinics, userId, clinicId);
    add(this.everClinics, userId, clinicId);
  }

  left(userId: string, clinicId: string): void {
    this.clinics.get(userId)!.delete(clinicId);
  }

  followed(userId: string, patientId: string): void {
    add(this.follows, userId, patientId);
    add(this.everFollowed, userId, patientId);
  }

  unfollowed(userId: string, patientId: string): void {
    this.follows.get(userId)!.delete(patientId);
  }
}

/** Calls the server directly (no faults): the administrator's membership calls, a user's follows. */
export class ScopeChanger {
  readonly changes: ScopeChange[] = [];
  private readonly tokens = new Map<string, string>();

  constructor(
    private readonly serverUrl: () => string,
    private readonly admin: SoakUser,
    private readonly clinicIds: readonly string[],
    readonly model: ScopeModel,
    private readonly random: Random,
  ) {}

  private async token(user: SoakUser): Promise<string> {
    let token = this.tokens.get(user.id);
    if (!token) {
      token = (await signIn(this.serverUrl(), user.email, user.password)).token;
      this.tokens.set(user.id, token);
    }
    return token;
  }

  private async call(user: SoakUser, method: string, path: string, body?: unknown) {
    const response = await fetch(`${this.serverUrl()}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await this.token(user)}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    await response.arrayBuffer();
    return response.status;
  }

  /** The changes `user` can take now: a clinic to join or leave, a patient to follow or unfollow. */
  private options(user: SoakUser): Record<ScopeChangeKind, string[]> {
    const clinics = this.model.clinics.get(user.id)!;
    return {
      join: this.clinicIds.filter((c) => !clinics.has(c)),
      leave: [...clinics].filter((c) => c !== user.clinicId).sort(),
      follow: this.model.outsideNow(user.id),
      unfollow: [...this.model.follows.get(user.id)!].sort(),
    };
  }

  /**
   * Changes one user's scope: kinds in turn (join, follow, leave, unfollow),
   * by a user who can take the kind, the next kind when nobody can. A follow of a
   * patient not on the server (never pushed, or deleted) is answered 404 and
   * changes nothing. Returns a problem when the server answered otherwise
   * than the protocol says.
   */
  async change(at: number): Promise<string | undefined> {
    const start = this.changes.length % scopeChangeKinds.length;
    const turn = [...scopeChangeKinds, ...scopeChangeKinds].slice(
      start,
      start + scopeChangeKinds.length,
    );
    // The kind in turn, by a user who can take it (so every kind happens even
    // in a short run), else the next kind someone can take.
    const kind = turn.find((k) => this.model.users.some((u) => this.options(u)[k].length > 0));
    if (!kind) return undefined;
    const user = this.random.pick(this.model.users.filter((u) => this.options(u)[kind].length > 0));
    const options = this.options(user);
    const target = this.random.pick(options[kind]);
    const membership = `/api/admin/users/${user.id}/clinics/${encodeURIComponent(target)}`;
    const follow = `/api/patients/${encodeURIComponent(target)}/follow`;
    const sent = Date.now();
    let status: number;
    let expected: number[];
    switch (kind) {
      case 'join':
        status = await this.call(this.admin, 'PUT', membership, { permissions: allPermissions });
        expected = [200];
        if (status === 200) this.model.joined(user.id, target);
        break;
      case 'leave':
        status = await this.call(this.admin, 'DELETE', membership);
        expected = [204];
        if (status === 204) this.model.left(user.id, target);
        break;
      case 'follow':
        status = await this.call(user, 'POST', follow);
        expected = [200, 404];
        if (status === 200) this.model.followed(user.id, target);
        break;
      case 'unfollow':
        status = await this.call(user, 'DELETE', follow);
        expected = [200, 404];
        if (status === 200 || status === 404) this.model.unfollowed(user.id, target);
        break;
    }
    const time = kind === 'join' || kind === 'follow' ? sent : Date.now();
    this.changes.push({ kind, user: user.id, target, status, at, time });
    if (!expected.includes(status)) {
      return `scope change ${kind} ${target} for ${user.email}: answered ${status}`;
    }
    return undefined;
  }

  /** The changes that took effect, for ScopeTimeline (an unfollow answered 404 follows nothing). */
  membershipEvents(): MembershipEvent[] {
    return this.changes
      .filter(
        (c) => (c.status >= 200 && c.status < 300) || (c.kind === 'unfollow' && c.status === 404),
      )
      .map((c) => ({ user: c.user, kind: c.kind, target: c.target, time: c.time }));
  }

  /** Changes made, per kind (those that took effect), and follows of patients not on the server. */
  counts(): Record<ScopeChangeKind | 'missed', number> {
    const counts = { join: 0, follow: 0, leave: 0, unfollow: 0, missed: 0 };
    for (const c of this.changes) {
      if (c.status >= 200 && c.status < 300) counts[c.kind]++;
      else counts.missed++;
    }
    return counts;
  }
}
