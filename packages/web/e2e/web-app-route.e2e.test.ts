import Fastify from 'fastify';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { registerWebAppRoute } from '@clinicsync/server';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

async function appOn(files: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'clinicsync-web-dist-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  const app = Fastify();
  await registerWebAppRoute(app, { distDir: dir });
  return app;
}

describe('the web app route', () => {
  it('answers / with a 503 saying to build when there is no build', async () => {
    const app = await appOn({});
    const answer = await app.inject({ method: 'GET', url: '/' });
    expect(answer.statusCode).toBe(503);
    expect(answer.body).toContain('npm run build');
  });

  it('serves files with their cache policy and index.html for app routes, never for /api', async () => {
    const app = await appOn({
      'index.html': '<!doctype html><div id="root"></div>',
      'sw.js': '// sw',
      'assets/app-1234.js': 'console.log(1)',
    });
    const asset = await app.inject({ method: 'GET', url: '/assets/app-1234.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const worker = await app.inject({ method: 'GET', url: '/sw.js' });
    expect(worker.headers['cache-control']).toBe('no-cache');
    for (const url of ['/', '/patients/42', '/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd']) {
      const page = await app.inject({ method: 'GET', url });
      expect(page.statusCode, url).toBe(200);
      expect(page.body, url).toContain('<div id="root">');
      expect(page.headers['cache-control'], url).toBe('no-cache');
    }
    expect((await app.inject({ method: 'GET', url: '/api/unknown' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: '/patients' })).statusCode).toBe(404);
  });
});
