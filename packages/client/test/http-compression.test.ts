import { afterAll, beforeAll, expect, test } from 'vitest';
import { allPermissions, startTestServer } from '@clinicsync/testing/server';
import type { TestServer, TestUser } from '@clinicsync/testing/server';
import { allRows, openTestDevice } from './support/devices.js';

let server: TestServer;
let user: TestUser;

beforeAll(async () => {
  server = await startTestServer();
  await server.listen();
  user = await server.addUser('provider', allPermissions);
});
afterAll(() => server?.close());

test('the SDK asks for brotli over plain HTTP and reads the brotli answers', async () => {
  const writer = await openTestDevice(server, user);
  for (let i = 0; i < 40; i++) {
    await writer.store.create('patients', {
      given_name: `Compressed ${i}`,
      surname: 'Brotli',
      primary_clinic_id: server.clinicId,
    });
  }
  await writer.engine.sync();
  await writer.close();

  const asked: (string | null)[] = [];
  const answered: (string | null)[] = [];
  const watching: typeof fetch = async (input, init) => {
    asked.push(new Headers(init?.headers).get('accept-encoding'));
    const response = await fetch(input, init);
    answered.push(response.headers.get('content-encoding'));
    return response;
  };
  const reader = await openTestDevice(server, user, { fetch: watching });
  try {
    await reader.engine.sync();
    expect(asked.length).toBeGreaterThan(0);
    for (const value of asked) expect(value).toMatch(/\bbr\b/);
    // Answers over the server's 1 KB threshold come compressed with brotli.
    expect(answered).toContain('br');
    expect(await allRows(reader, 'patients')).toHaveLength(40);
  } finally {
    await reader.close();
  }
});
