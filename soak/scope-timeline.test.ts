import { describe, expect, test } from 'vitest';
import type { HistoryEntry } from './lib/account-writes.js';
import { ScopeTimeline } from './lib/scope-timeline.js';
import type { MembershipEvent } from './lib/scope-timeline.js';

// The soak excuses a write stock WatermelonDB dropped only when its record
// left the writer's scope afterwards: this decides when that happened.

let id = 0;
const entry = (
  atMs: number,
  table: string,
  op: HistoryEntry['op'],
  row: string,
  after: Record<string, unknown> | null = null,
): HistoryEntry => ({ id: id++, atMs, table_name: table, row_id: row, op, after });

const home = new Map([
  ['ana', 'c1'],
  ['ben', 'c2'],
]);

describe('ScopeTimeline', () => {
  const history = [
    entry(10, 'patients', 'create', 'p', { id: 'p', primary_clinic_id: 'c2' }),
    entry(20, 'visits', 'create', 'v1', { patient_id: 'p', clinic_id: 'c1' }),
    entry(40, 'visits', 'delete', 'v1'),
    entry(60, 'visits', 'create', 'v2', { patient_id: 'p', clinic_id: 'c1' }),
  ];

  test('a patient leaves with the deleted visit that tied it to the clinic, and comes back with a new one', () => {
    const timeline = new ScopeTimeline(history, home, []);
    expect(timeline.inScope('ana', 'p', 30)).toBe(true);
    expect(timeline.inScope('ana', 'p', 50)).toBe(false);
    expect(timeline.inScope('ana', 'p', 70)).toBe(true);
    // In scope at the end, but not between 40 and 60: a write at 30 may have been dropped.
    expect(timeline.leftAfter('ana', 'p', 30)).toBe(true);
    expect(timeline.leftAfter('ana', 'p', 65)).toBe(false);
    // Its primary clinic's users never lose it.
    expect(timeline.leftAfter('ben', 'p', 0)).toBe(false);
  });

  test('joins, leaves, follows and unfollows take effect at their times', () => {
    const events: MembershipEvent[] = [
      { user: 'ana', kind: 'join', target: 'c2', time: 5 },
      { user: 'ana', kind: 'leave', target: 'c2', time: 45 },
      { user: 'ana', kind: 'follow', target: 'p', time: 50 },
      { user: 'ana', kind: 'unfollow', target: 'p', time: 80 },
    ];
    const timeline = new ScopeTimeline(history, home, events);
    // c2 until 45, the follow from 50, the visit at c1 from 60: out only from 45 to 50.
    expect(timeline.inScope('ana', 'p', 47)).toBe(false);
    expect(timeline.leftAfter('ana', 'p', 44)).toBe(true);
    expect(timeline.leftAfter('ana', 'p', 48)).toBe(true);
    expect(timeline.leftAfter('ana', 'p', 52)).toBe(false);
  });

  test('a patient not yet on the server, or deleted, has left nobody', () => {
    const timeline = new ScopeTimeline(
      [...history, entry(90, 'patients', 'delete', 'p')],
      new Map([['cai', 'c3']]),
      [],
    );
    expect(timeline.inScope('cai', 'p', 5)).toBe(true);
    expect(timeline.inScope('cai', 'p', 95)).toBe(true);
    expect(timeline.inScope('cai', 'p', 15)).toBe(false);
    expect(timeline.leftAfter('cai', 'unknown', 0)).toBe(false);
  });
});
