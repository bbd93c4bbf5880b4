import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { buildOnce, runCli } from '@clinicsync/testing/cli';

// The embedded engine only (a data directory): `clinicsync` refuses one
// that other users may enter, says how to fix it, and once fixed keeps every
// file its user's alone.
const work = mkdtempSync(join(tmpdir(), 'cs-data-modes-'));
beforeAll(() => buildOnce(), 240_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

function modes(dir: string): Set<string> {
  const seen = new Set<string>();
  const walk = (path: string) => {
    const stat = statSync(path);
    seen.add(`${stat.isDirectory() ? 'dir' : 'file'} ${(stat.mode & 0o777).toString(8)}`);
    if (stat.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
  };
  walk(dir);
  return seen;
}

test(
  'a data directory open to others is refused with the command that fixes it, which works',
  { timeout: 240_000 },
  async () => {
    const dir = join(work, 'data');
    mkdirSync(dir);
    chmodSync(dir, 0o755);
    const refused = await runCli(['serve', '--port', '0', '--data', dir]);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(/open to other users \(mode 755\) and holds patient data/);
    expect(readdirSync(dir)).toEqual([]);

    const fix = refused.stderr.match(/`(chmod -R go-rwx '[^']+')`/)?.[1];
    expect(fix).toBeDefined();
    expect(spawnSync('sh', ['-c', fix!]).status).toBe(0);
    const created = await runCli(['seed', '--data', dir, '--clinics', '1', '--patients', '3']);
    expect(created.code, created.stderr).toBe(0);
    expect([...modes(dir)].sort()).toEqual(['dir 700', 'file 600']);
  },
);
