import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { resultStamp, writeResultFile } from './result-file.js';

const directory = mkdtempSync(join(tmpdir(), 'clinicsync-results-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

test('runs started in the same minute keep a file each', () => {
  const name = `${resultStamp(new Date('2026-12-03T09:14:30Z'))}-M-postgres`;
  expect(name).toBe('2026-12-03T0914-M-postgres');
  const files = [1, 2, 3].map((run) => writeResultFile(name, { run }, directory));
  expect(readdirSync(directory).sort()).toEqual([
    '2026-12-03T0914-M-postgres-2.json',
    '2026-12-03T0914-M-postgres-3.json',
    '2026-12-03T0914-M-postgres.json',
  ]);
  expect(files.map((f) => JSON.parse(readFileSync(f, 'utf8')))).toEqual([
    { run: 1 },
    { run: 2 },
    { run: 3 },
  ]);
});
