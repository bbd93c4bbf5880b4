import cliProgress from 'cli-progress';
import type { SyncProgress } from '@clinicsync/client/node';

export interface SyncProgressView {
  update(progress: SyncProgress): void;
  stop(): void;
}

const count = (n: number) => n.toLocaleString('en-US');

/**
 * A progress bar of the sync on stdout when it is a terminal: records
 * pulled (of the total when the server announces one), then pushed of the
 * total to push. Elsewhere (logs, pipes) one plain line at the start.
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
      format: `${label} |{bar}| {phase} | pulled {pulled} in {pages} pages | pushed {pushed}`,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(1, 0, { phase: 'pull', pulled: '0', pages: '0', pushed: '0' });
  return {
    update(p) {
      const [value, total] =
        p.phase === 'pull'
          ? [p.pulled, p.pullTotal ?? Math.max(p.pulled, 1)]
          : [p.pushed, Math.max(p.pushTotal ?? 0, 1)];
      bar.setTotal(total);
      bar.update(p.phase === 'done' ? total : value, {
        phase: p.phase,
        pulled: p.pullTotal === null ? count(p.pulled) : `${count(p.pulled)}/${count(p.pullTotal)}`,
        pages: count(p.pages),
        pushed: p.pushTotal === null ? count(p.pushed) : `${count(p.pushed)}/${count(p.pushTotal)}`,
      });
    },
    stop() {
      bar.stop();
    },
  };
}
