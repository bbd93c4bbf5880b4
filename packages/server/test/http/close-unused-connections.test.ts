import { once } from 'node:events';
import net from 'node:net';
import { startTestServer } from '@clinicsync/testing/server';
import { expect, test } from 'vitest';

/** Opens a TCP connection to `url`'s host and port, sending nothing yet. */
async function connect(url: string): Promise<net.Socket> {
  const { hostname, port } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  await once(socket, 'connect');
  return socket;
}

// Without installCloseUnusedConnections this close waits for Node's headers
// timeout (a minute and more), and the test runs out of time.
test('closing the server ends a connection that never sent a request, and an idle kept-alive one', async () => {
  const server = await startTestServer();
  const base = await server.listen();

  const silent = await connect(base);
  const silentClosed = once(silent, 'close');

  const keptAlive = await connect(base);
  keptAlive.write('GET /api/health HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n');
  const [answer] = (await once(keptAlive, 'data')) as [Buffer];
  expect(answer.toString('latin1')).toMatch(/^HTTP\/1\.1 200/);
  const keptAliveClosed = once(keptAlive, 'close');

  await server.close();
  await Promise.all([silentClosed, keptAliveClosed]);
  expect(silent.destroyed && keptAlive.destroyed).toBe(true);
});
