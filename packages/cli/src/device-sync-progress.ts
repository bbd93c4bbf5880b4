import cliProgress from 'cli-progress';
import type { SyncProgress } from '@clinicsync/client/node';

export interface SyncProgressView {
  update(progress: SyncProgress): void;
  stop(): void;
}

const count = (n: number) => n.toLocaleString('en-US');
const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/**
 * What the pull has done, as the bar shows it: records of the total, bytes
 * of the total and the time left when the server gave an estimate; records
 * and bytes alone when it did not.
 *
 * @example
 * describePull(p); // "1,200/21,525 records, 0.6/9.8 MB, about 12 s left"
 */
export function describePull(p: SyncProgress): string {
  if (p.pullTotal === null) return `${count(p.pulled)} records, ${megabytes(p.pulledBytes)}`;
  const bytes =
    p.pullBytesTotal === null
      ? megabytes(p.pulledBytes)
      : `${(p.pulledBytes / 1e6).toFixed(1)}/${megabytes(p.pullBytesTotal)}`;
  const left =
    p.pullSecondsLeft === null || p.phase !== 'pull'
      ? ''
      : `, about ${Math.ceil(p.pullSecondsLeft)} s left`;
  return `${count(p.pulled)}/${count(p.pullTotal)} records, ${bytes}${left}`;
}

/**
 * A progress bar of the sync on stdout when it is a terminal: records and
 * bytes pulled (of the totals, and the time left, when the server gives an
 * estimate), then pushed of the total to push; the bar follows the records. Elsewhere (logs, pipes) one plain line at the start.
 */
export function startSyncProgress(
  label: string,
  stream: NodeJS.WriteStream = process.stdout,
): SyncProgressView {
  if (!stream.isTTY) {
    stream.write(`${label}…\n`);
    return { update: () => undefined, stop: () => undefined };
  }
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: `${label} |{bar}| {phase} | pulled {pulled} | pushed {pushed}`,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(1, 0, { phase: 'pull', pulled: '0', pushed: '0' });
  return {
    update(p) {
      const [value, total] =
        p.phase === 'pull'
          ? [p.pulled, p.pullTotal ?? Math.max(p.pulled, 1)]
          : [p.pushed, Math.max(p.pushTotal ?? 0, 1)];
      bar.setTotal(total);
      bar.update(p.phase === 'done' ? total : value, {
        phase: p.phase,
        pulled: describePull(p),
        pushed: p.pushTotal === null ? count(p.pushed) : `${count(p.pushed)}/${count(p.pushTotal)}`,
      });
    },
    stop() {
      bar.stop();
    },
  };
}
