import type { Engine, Size } from './data-sets.js';
import type { RunFigures } from './run-once.js';
import { scopedReport } from './scoped-report.js';
import { figure } from './stats.js';
import type { Figure } from './stats.js';
import { formatBytes, formatNumber, formatTable } from './table.js';

/** Figures computed within one run (rates and ratios), so a ratio never mixes two runs. */
function derive(values: Record<string, number>): Record<string, number> {
  const v = { ...values };
  const records = v['sdk.records'];
  const rate = (ms: number | undefined, n: number | undefined) =>
    ms && n ? n / (ms / 1000) : undefined;
  const put = (name: string, value: number | undefined) => {
    if (value !== undefined && Number.isFinite(value)) v[name] = value;
  };
  put('sdk.recordsPerSecond', rate(v['sdk.ms'], records));
  // WatermelonDB's sync reports no count; it pulls the same rows as the SDK in this run.
  put('watermelon.recordsPerSecond', rate(v['watermelon.ms'], records));
  put('pouchdb.recordsPerSecond', rate(v['pouchdb.ms'], v['pouchdb.records']));
  put('floor.recordsPerSecond', rate(v['floor.ms'], v['floor.records']));
  put('push.recordsPerSecond', rate(v['push.ms'], v['push.records']));
  const ratio = (a: number | undefined, b: number | undefined) => (a && b ? a / b : undefined);
  put('ratio.sdkOverFloor', ratio(v['sdk.ms'], v['floor.ms']));
  put('ratio.watermelonOverSdk', ratio(v['watermelon.ms'], v['sdk.ms']));
  put('ratio.pouchdbOverSdk', ratio(v['pouchdb.ms'], v['sdk.ms']));
  const perRecord = (ms: number | undefined, n: number | undefined) =>
    ms && n ? ms / n : undefined;
  put('scoped.msPerRecord', perRecord(v['scoped.firstSyncMs'], v['scoped.records']));
  put('unscoped.msPerRecord', perRecord(v['unscoped.firstSyncMs'], v['unscoped.records']));
  put('scoped.ratio', ratio(v['scoped.msPerRecord'], v['unscoped.msPerRecord']));
  put('scoped.warmMsPerRecord', perRecord(v['scoped.warmMs'], v['scoped.records']));
  put('unscoped.warmMsPerRecord', perRecord(v['unscoped.warmMs'], v['unscoped.records']));
  put('scoped.warmRatio', ratio(v['scoped.warmMsPerRecord'], v['unscoped.warmMsPerRecord']));
  // The second clinic's share: what a fresh device of both clinics holds beyond one of the first.
  const both = v['scoped.freshBothRecords'];
  const one = v['scoped.records'];
  if (both !== undefined && one !== undefined) put('scoped.joinShare', both - one);
  put('scoped.joinOverShare', ratio(v['scoped.joinRecords'], v['scoped.joinShare']));
  return v;
}

const units: [RegExp, string][] = [
  [/Ms$|\.ms$/, 'ms'],
  [/RssMb$/, 'MB'],
  [/Bytes$/, 'bytes'],
  [/PerSecond$/, '/s'],
  [/^ratio\./, 'x'],
  [/PerRecord$/, 'ms/record'],
  [/^scoped\.(ratio|warmRatio|joinOverShare)$/, 'x'],
];

export interface Target {
  readonly target: string;
  readonly figure: string;
  readonly met: boolean | null;
}

export function summarize(
  results: RunFigures[],
  context: { size: Size; engine: Engine },
): { text: string; figures: Record<string, Figure>; targets: Target[] } {
  const perRun = results.map((r) => derive(r.values));
  const names = [...new Set(perRun.flatMap((r) => Object.keys(r)))].sort();
  const figures: Record<string, Figure> = {};
  for (const name of names) {
    const runs = perRun.map((r) => r[name] ?? Number.NaN);
    figures[name] = figure(runs, units.find(([pattern]) => pattern.test(name))?.[1] ?? 'count');
  }
  const m = (name: string) => figures[name]?.median;
  const failed = (group: string) =>
    results.map((r) => r.failures[group]).find((f) => f !== undefined);

  const firstSync = formatTable(
    [
      'first sync',
      'records',
      'time s',
      'records/s',
      'vs SDK',
      'server peak RSS MB',
      'device peak RSS MB',
    ],
    [
      ['ClinicSync SDK (paged, SQLite file)', 'sdk', 'sdk.records', 'sdk.serverRssMb'],
      [
        'WatermelonDB 0.28 (one pull, SQLite memory)',
        'watermelon',
        'sdk.records',
        'watermelon.serverRssMb',
      ],
      ['PouchDB 9 (express-pouchdb → memory)', 'pouchdb', 'pouchdb.records', 'pouchdb.serverRssMb'],
      ['floor (COPY/SELECT → SQLite, no HTTP)', 'floor', 'floor.records', ''],
    ].map(([label, group, recordsName, serverName]) => {
      const failure = failed(group!);
      const time = m(`${group}.ms`);
      return [
        label!,
        formatNumber(m(recordsName!)),
        failure && time === undefined
          ? `failed: ${failure}`
          : formatNumber(time === undefined ? undefined : time / 1000, 1),
        formatNumber(m(`${group}.recordsPerSecond`)),
        group === 'sdk'
          ? '1'
          : formatNumber(
              group === 'floor'
                ? 1 / (m('ratio.sdkOverFloor') ?? Number.NaN)
                : m(`ratio.${group}OverSdk`),
              2,
            ),
        serverName ? formatNumber(m(serverName)) : '—',
        formatNumber(m(`${group}.deviceRssMb`)),
      ];
    }),
  );
  const other = formatTable(
    ['figure', 'median', 'runs'],
    [
      [
        'SDK first sync: time in local apply (SQLite batches), ms',
        formatNumber(m('sdk.applyMs')),
        runsOf(figures['sdk.applyMs']),
      ],
      [
        'wire bytes, first sync, gzip (what fetch asks for)',
        formatBytes(m('wire.gzipBytes')),
        runsOf(figures['wire.gzipBytes'], formatBytes),
      ],
      [
        'wire bytes, first sync, uncompressed',
        formatBytes(m('wire.identityBytes')),
        runsOf(figures['wire.identityBytes'], formatBytes),
      ],
      [
        `incremental, 1% behind (${formatNumber(m('incremental.behindRecords'))} records): time ms`,
        formatNumber(m('incremental.behindMs')),
        runsOf(figures['incremental.behindMs']),
      ],
      [
        'incremental, 1% behind: bytes gzip / uncompressed',
        `${formatBytes(m('incremental.behindWireBytes'))} / ${formatBytes(m('incremental.behindBodyBytes'))}`,
        '',
      ],
      [
        'sync with nothing new: time ms (median of 21 per run)',
        formatNumber(m('incremental.noopMs'), 1),
        runsOf(figures['incremental.noopMs'], (v) => formatNumber(v, 1)),
      ],
      [
        'sync with nothing new: bytes gzip / uncompressed',
        `${formatBytes(m('incremental.noopWireBytes'))} / ${formatBytes(m('incremental.noopBodyBytes'))}`,
        '',
      ],
      [
        `push of ${formatNumber(m('push.records'))} records in one sync: time ms`,
        formatNumber(m('push.ms')),
        runsOf(figures['push.ms']),
      ],
      [
        'load, 100 devices (pull, push 10, pull): syncs/s',
        formatNumber(m('load.syncsPerSecond'), 1),
        runsOf(figures['load.syncsPerSecond'], (v) => formatNumber(v, 1)),
      ],
      [
        'load: latency p50 / p99 ms',
        `${formatNumber(m('load.p50Ms'))} / ${formatNumber(m('load.p99Ms'))}`,
        '',
      ],
      ['load: errors', formatNumber(m('load.errors')), runsOf(figures['load.errors'])],
      [
        'load: records pulled per device sync',
        formatNumber(m('load.recordsPulledPerSync')),
        runsOf(figures['load.recordsPulledPerSync']),
      ],
      [
        'load: CPU ms per device sync, server / PostgreSQL',
        `${formatNumber(m('load.serverCpuMsPerSync'), 1)} / ${formatNumber(m('load.databaseCpuMsPerSync'), 1)}`,
        '',
      ],
      [
        'server peak RSS MB: incremental / push / load',
        ['incremental', 'push', 'load'].map((g) => formatNumber(m(`${g}.serverRssMb`))).join(' / '),
        '',
      ],
    ],
  );
  const check = (
    target: string,
    value: number | undefined,
    ok: (v: number) => boolean,
    shown: string,
  ): Target => ({
    target,
    figure: shown,
    met: value === undefined || !Number.isFinite(value) ? null : ok(value),
  });
  const watermelonFailed = failed('watermelon');
  // Issue 15's targets (PostgreSQL), each defined at some sizes; every run
  // checks them all, and the table says where each is defined.
  const targets: Target[] = [
    check(
      'SDK first sync ÷ floor ≤ 1.3× (S, M, L)',
      m('ratio.sdkOverFloor'),
      (v) => v <= 1.3,
      `${formatNumber(m('ratio.sdkOverFloor'), 2)}×`,
    ),
    watermelonFailed && m('watermelon.ms') === undefined
      ? {
          target: 'stock WatermelonDB first sync ÷ SDK ≥ 2.5× (M)',
          figure: `WatermelonDB failed: ${watermelonFailed}`,
          met: true,
        }
      : check(
          'stock WatermelonDB first sync ÷ SDK ≥ 2.5× (M)',
          m('ratio.watermelonOverSdk'),
          (v) => v >= 2.5,
          `${formatNumber(m('ratio.watermelonOverSdk'), 2)}×`,
        ),
    check(
      'server peak RSS, first sync ≤ 200 MB (M, L)',
      m('sdk.serverRssMb'),
      (v) => v <= 200,
      `${formatNumber(m('sdk.serverRssMb'))} MB`,
    ),
    check(
      'server peak RSS, 100 devices ≤ 400 MB',
      m('load.serverRssMb'),
      (v) => v <= 400,
      `${formatNumber(m('load.serverRssMb'))} MB`,
    ),
    check(
      'device peak RSS, first sync ≤ 200 MB (L)',
      m('sdk.deviceRssMb'),
      (v) => v <= 200,
      `${formatNumber(m('sdk.deviceRssMb'))} MB`,
    ),
    check(
      'sync with nothing new ≤ 5 ms, median (L)',
      m('incremental.noopMs'),
      (v) => v <= 5,
      `${formatNumber(m('incremental.noopMs'), 1)} ms`,
    ),
    check(
      '100 devices at once: p99 ≤ 1 s',
      m('load.p99Ms'),
      (v) => v <= 1000,
      `${formatNumber(m('load.p99Ms'))} ms`,
    ),
    check(
      '100 devices at once: 0 errors',
      m('load.errors'),
      (v) => v === 0,
      formatNumber(m('load.errors')),
    ),
    check(
      'push of 10,000 records ≤ 0.5 s',
      m('push.ms'),
      (v) => v <= 500,
      `${formatNumber(m('push.ms'))} ms`,
    ),
  ];
  const targetTable = formatTable(
    ['target (issue 15, PostgreSQL; where defined)', 'figure', 'met'],
    targets.map((t) => [
      t.target,
      t.figure,
      t.met === null ? 'not measured' : t.met ? 'yes' : 'NO',
    ]),
  );
  const heading = `${context.size} on ${context.engine}: medians of ${results.length} run(s)`;
  const scoped = scopedReport(figures);
  // A run of `--peers scoped` alone leaves the other tables empty: they are left out.
  const base = names.some((name) => !/^(un)?scoped\./.test(name));
  const sections = [heading, ...(base ? [firstSync, other, targetTable] : [])];
  if (scoped) {
    sections.push(
      scoped.text,
      formatTable(
        ['scope target (issue 12: M on PostgreSQL, 20 clinics)', 'figure', 'met'],
        scoped.targets.map((t) => [
          t.target,
          t.figure,
          t.met === null ? 'not measured' : t.met ? 'yes' : 'NO',
        ]),
      ),
    );
  }
  return {
    text: sections.join('\n\n'),
    figures,
    targets: [...(base ? targets : []), ...(scoped?.targets ?? [])],
  };
}

function runsOf(
  f: Figure | undefined,
  format: (v: number) => string = (v) => formatNumber(v),
): string {
  return f ? f.runs.map(format).join(', ') : '';
}
