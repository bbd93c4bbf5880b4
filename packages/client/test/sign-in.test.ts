import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { allPermissions, startTestServer } from '@clinicsync/testing/server';
import type { TestServer, TestUser } from '@clinicsync/testing/server';
import { openNodeDevice, signIn, signOut } from '../src/node.js';
import type { NodeDevice } from '../src/node.js';

let server: TestServer;
let user: TestUser;
let device: NodeDevice | undefined;

beforeAll(async () => {
  server = await startTestServer();
  await server.listen();
  user = await server.addUser('provider', allPermissions);
});
afterAll(async () => {
  await device?.close();
  await server?.close();
});

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('signIn', () => {
  test('returns a token that syncs as Bearer, until the user signs out', async () => {
    const session = await signIn(server.url, user.email, user.password);
    expect(session.user).toMatchObject({ id: user.id, email: user.email, role: 'provider' });
    expect(Date.parse(session.expires_at)).toBeGreaterThan(Date.now());
    device = await openNodeDevice({
      serverUrl: server.url,
      auth: { type: 'bearer', token: session.token },
    });
    await device.store.create('patients', { id: 'bearer-p1', primary_clinic_id: server.clinicId });
    const report = await device.engine.sync();
    expect(report.pushed.patients?.created).toBe(1);

    const out = await fetch(`${server.url}/api/auth/sign-out`, {
      method: 'POST',
      headers: { authorization: `Bearer ${session.token}` },
    });
    expect(out.status).toBe(204);
    await expect(device.engine.sync()).rejects.toMatchObject({ code: 'unauthorized' });
  });

  test('signOut revokes the token at once; signing out again is no error', async () => {
    const session = await signIn(server.url, user.email, user.password);
    const other = await openNodeDevice({
      serverUrl: server.url,
      auth: { type: 'bearer', token: session.token },
    });
    try {
      await other.engine.sync();
      await signOut(server.url, session.token);
      await expect(other.engine.sync()).rejects.toMatchObject({ code: 'unauthorized' });
      await expect(signOut(server.url, session.token)).resolves.toBeUndefined();
    } finally {
      await other.close();
    }
  });

  test('signOut without a server to tell is a network error', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    await expect(signOut(url, 'any-token')).rejects.toMatchObject({ code: 'network' });
  });

  test('a wrong password is unauthorized', async () => {
    await expect(signIn(server.url, user.email, 'nope')).rejects.toMatchObject({
      code: 'unauthorized',
      message: 'The email or password is wrong, or the account is disabled.',
    });
  });

  test('a server that is not there is a network error', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    await expect(signIn(url, user.email, user.password)).rejects.toMatchObject({ code: 'network' });
  });
});
