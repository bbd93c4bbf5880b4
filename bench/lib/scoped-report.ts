import type { Figure } from './stats.js';
import { formatNumber, formatTable } from './table.js';

/** A target and whether the medians meet it (null: not measured). Same shape as report's Target. */
interface ScopeTarget {
  readonly target: string;
  readonly figure: string;
  readonly met: boolean | null;
}

/**
 * The scope scenario's table and targets (issue 12, item 7), from the
 * medians; undefined when it did not run.
 */
export function scopedReport(
  figures: Record<string, Figure>,
): { text: string; targets: ScopeTarget[] } | undefined {
  if (!Object.keys(figures).some((name) => /^(un)?scoped\./.test(name))) return undefined;
  const m = (name: string) => figures[name]?.median;
  const n = (name: string, digits = 0) => formatNumber(m(name), digits);
  const runs = (name: string, digits = 0) =>
    figures[name]?.runs.map((v) => formatNumber(v, digits)).join(', ') ?? '';
  const row = (label: string, name: string, digits = 0) => [
    label,
    n(name, digits),
    runs(name, digits),
  ];
  const table = formatTable(
    ['scope: a provider of one clinic among many', 'median', 'runs'],
    [
      row('provider, first sync: records', 'scoped.records'),
      row('provider, first sync: ms (median of 5 fresh devices)', 'scoped.firstSyncMs'),
      row('provider, first sync: ms per record', 'scoped.msPerRecord', 4),
      row('super administrator (whole organisation), first sync: records', 'unscoped.records'),
      row('super administrator, first sync: ms', 'unscoped.firstSyncMs'),
      row('super administrator, first sync: ms per record', 'unscoped.msPerRecord', 4),
      row('per record, provider ÷ super administrator', 'scoped.ratio', 2),
      row('in one warm process: provider first sync, ms (median of 3)', 'scoped.warmMs'),
      row(
        'in one warm process: super administrator first sync, ms (median of 2)',
        'unscoped.warmMs',
      ),
      row('in one warm process: per record, provider ÷ super administrator', 'scoped.warmRatio', 2),
      row("in that process, the provider's first (cold) first sync: ms", 'scoped.processColdMs'),
      row('provider, sync with nothing new: ms (median of 21 per run)', 'scoped.nothingNewMs', 1),
      row(
        'super administrator, sync with nothing new: ms (median of 21)',
        'unscoped.nothingNewMs',
        1,
      ),
      row('join a second clinic, one sync: records', 'scoped.joinRecords'),
      row('join, one sync: ms', 'scoped.joinMs'),
      row("the second clinic's share (fresh device of both − of one): records", 'scoped.joinShare'),
      row('fresh device of both clinics: records', 'scoped.freshBothRecords'),
      row('fresh device of both clinics: ms', 'scoped.freshBothMs'),
      row(
        'leave it, first sync: records deleted (one sync late by design)',
        'scoped.leaveFirstDeleted',
      ),
      row('leave, second sync: records deleted', 'scoped.leaveSecondDeleted'),
      row('leave, both syncs: ms', 'scoped.leaveMs'),
      row('records held after leaving (= provider first sync)', 'scoped.heldAfterLeave'),
    ],
  );
  const check = (
    target: string,
    value: number | undefined,
    ok: (v: number) => boolean,
    shown: string,
  ) => ({
    target,
    figure: shown,
    met: value === undefined || !Number.isFinite(value) ? null : ok(value),
  });
  const held = m('scoped.heldAfterLeave');
  const first = m('scoped.records');
  const targets: ScopeTarget[] = [
    check(
      'scope: first sync per record ≤ 1.2× the whole organisation’s',
      m('scoped.ratio'),
      (v) => v <= 1.2,
      `${n('scoped.ratio', 2)}× (${n('scoped.msPerRecord', 4)} vs ${n('unscoped.msPerRecord', 4)} ms)`,
    ),
    check(
      'scope: sync with nothing new ≤ 20 ms',
      m('scoped.nothingNewMs'),
      (v) => v <= 20,
      `${n('scoped.nothingNewMs', 1)} ms (super administrator ${n('unscoped.nothingNewMs', 1)} ms)`,
    ),
    check(
      'scope: joining a clinic pulls its share, not a full download',
      m('scoped.joinOverShare'),
      (v) => v <= 1.05,
      `${n('scoped.joinRecords')} records for a share of ${n('scoped.joinShare')} (full download ${n('scoped.freshBothRecords')})`,
    ),
    check(
      'scope: after leaving, the device holds what a fresh one does',
      held === undefined || first === undefined ? undefined : held - first,
      (v) => v === 0,
      `${n('scoped.heldAfterLeave')} held, ${n('scoped.records')} fresh; ${n('scoped.leaveDeleted')} deleted`,
    ),
  ];
  return { text: table, targets };
}
