import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { buildOnce, freshStorage, killServers, runCli, startServer } from '@clinicsync/testing/cli';
import type { Storage } from '@clinicsync/testing/cli';
import { testEngine } from '@clinicsync/testing/server';

// `clinicsync serve --tls-cert --tls-key` answers over HTTPS with HSTS;
// plain HTTP sends none, unless a trusted proxy says its client came over
// HTTPS. The certificate is a fresh self-signed one made by openssl.
const work = mkdtempSync(join(tmpdir(), 'cs-https-'));
const cert = join(work, 'cert.pem');
const key = join(work, 'key.pem');
const otherKey = join(work, 'other-key.pem');
let storage: Storage;

function openssl(args: string[]): void {
  const result = spawnSync('openssl', args, { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    throw new Error(
      `openssl ${args[0]} failed (install Debian's openssl package): ${result.error?.message ?? result.stderr}`,
    );
  }
}

beforeAll(async () => {
  openssl([
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    key,
    '-out',
    cert,
    '-days',
    '2',
    '-subj',
    '/CN=localhost',
    '-addext',
    'subjectAltName=DNS:localhost,IP:127.0.0.1',
  ]);
  openssl([
    'genpkey',
    '-algorithm',
    'EC',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-out',
    otherKey,
  ]);
  buildOnce();
  storage = await freshStorage();
}, 240_000);
afterAll(async () => {
  killServers();
  await storage?.cleanup();
  rmSync(work, { recursive: true, force: true });
});

/** GET over HTTPS trusting only our certificate: status and headers. */
function httpsGet(url: string): Promise<{ status: number; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca: readFileSync(cert) }, (response) => {
      response.resume();
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

test(
  `serve --tls-cert --tls-key answers over HTTPS with Strict-Transport-Security (${testEngine})`,
  { timeout: 240_000 },
  async () => {
    const server = startServer(
      [...storage.args, '--tls-cert', cert, '--tls-key', key],
      storage.env,
    );
    try {
      const url = (await server.waitFor(/is running at (https:\/\/127\.0\.0\.1:\d+) /))[1]!;
      const health = await httpsGet(`${url}/api/health`);
      expect(health.status).toBe(200);
      expect(health.headers['strict-transport-security']).toBe(
        'max-age=31536000; includeSubDomains',
      );
      const missing = await httpsGet(`${url}/api/nowhere`);
      expect(missing.status).toBe(404);
      expect(missing.headers['strict-transport-security']).toMatch(/max-age=31536000/);
      // Plain HTTP to the HTTPS port gets no answer it could read.
      await expect(fetch(`${url.replace('https:', 'http:')}/api/health`)).rejects.toThrow();
    } finally {
      expect(await server.stop()).toBe(0);
    }
  },
);

test(
  `plain HTTP sends no HSTS, unless a proxy trusted through TRUST_PROXY forwards HTTPS (${testEngine})`,
  { timeout: 240_000 },
  async () => {
    const forwarded = { 'x-forwarded-proto': 'https' };
    const plain = startServer(storage.args, storage.env);
    try {
      const url = (await plain.waitFor(/is running at (http:\/\/127\.0\.0\.1:\d+) /))[1]!;
      for (const headers of [{}, forwarded]) {
        const response = await fetch(`${url}/api/health`, { headers });
        expect(response.status).toBe(200);
        expect(response.headers.get('strict-transport-security')).toBeNull();
      }
    } finally {
      await plain.stop();
    }
    const proxied = startServer(storage.args, { ...storage.env, TRUST_PROXY: 'loopback' });
    try {
      const url = (await proxied.waitFor(/is running at (http:\/\/127\.0\.0\.1:\d+) /))[1]!;
      const direct = await fetch(`${url}/api/health`);
      expect(direct.headers.get('strict-transport-security')).toBeNull();
      const viaProxy = await fetch(`${url}/api/health`, { headers: forwarded });
      expect(viaProxy.headers.get('strict-transport-security')).toMatch(/max-age=31536000/);
    } finally {
      await proxied.stop();
    }
  },
);

test('TLS and proxy settings are checked before anything starts, each failure one line', async () => {
  const cases: [string[], Record<string, string>, number, RegExp][] = [
    [['--tls-cert', cert], {}, 2, /Give both --tls-cert and --tls-key/],
    [['--tls-cert', cert, '--tls-key', otherKey], {}, 1, /does not belong to the certificate/],
    [
      ['--tls-cert', join(work, 'nope.pem'), '--tls-key', key],
      {},
      1,
      /Cannot read the TLS certificate .*no such file/,
    ],
    [['--tls-cert', key, '--tls-key', key], {}, 1, /Cannot use the TLS certificate and key/],
    [['--trust-proxy', '2'], {}, 2, /--trust-proxy/],
    [[], { TRUST_PROXY: '10.0.0.0/33' }, 2, /TRUST_PROXY|trust-proxy/],
  ];
  const results = await Promise.all(
    cases.map(([args, env]) =>
      runCli(['serve', '--port', '0', '--data', join(work, 'unused'), ...args], env),
    ),
  );
  results.forEach((result, i) => {
    const [args, , code, message] = cases[i]!;
    expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(code);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
  });
});
