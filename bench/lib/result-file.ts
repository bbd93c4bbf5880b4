import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const resultsDir = join(import.meta.dirname, '..', 'results');

/** A result file's time stamp, to the minute: `2026-12-03T0913`. */
export function resultStamp(at: Date = new Date()): string {
  return at.toISOString().slice(0, 16).replace(':', '');
}

/**
 * Writes a bench's figures to `bench/results/<name>.json`, or `<name>-2.json`
 * and so on when that file exists: two runs started in the same minute
 * (an A/B series) must not leave one set of figures in place of both.
 * Returns the file's path.
 */
export function writeResultFile(name: string, record: unknown, directory = resultsDir): string {
  mkdirSync(directory, { recursive: true });
  const text = `${JSON.stringify(record, null, 2)}\n`;
  for (let n = 1; ; n++) {
    const file = join(directory, n === 1 ? `${name}.json` : `${name}-${n}.json`);
    try {
      writeFileSync(file, text, { flag: 'wx' });
      return file;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}
