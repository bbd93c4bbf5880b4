import cliProgress from 'cli-progress';

export interface Progress {
  update(patients: number, rows: number): void;
  stop(): void;
}

const none: Progress = { update: () => undefined, stop: () => undefined };

/**
 * A progress bar of patients written, with rows and rows/s, on stdout when it
 * is a terminal; nothing otherwise (logs and pipes get the final line only).
 */
export function startProgress(
  totalPatients: number,
  stream: NodeJS.WriteStream = process.stdout,
): Progress {
  if (!stream.isTTY || totalPatients === 0) return none;
  const started = performance.now();
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format:
        'Seeding |{bar}| {percentage}% | {value}/{total} patients | {rows} rows | {rate} rows/s | ETA {eta_formatted}',
      hideCursor: true,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(totalPatients, 0, { rows: '0', rate: '0' });
  return {
    update(patients, rows) {
      const seconds = (performance.now() - started) / 1000;
      bar.update(patients, {
        rows: rows.toLocaleString('en-US'),
        rate: seconds > 0 ? Math.round(rows / seconds).toLocaleString('en-US') : '0',
      });
    },
    stop() {
      bar.stop();
    },
  };
}
