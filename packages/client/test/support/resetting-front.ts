import { connect, createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';

/** A front that passes connections through to a server, resetting big uploads. */
export interface ResettingFront {
  readonly url: string;
  /** Content-Length of every request that was reset. */
  readonly resets: number[];
  /** Content-Length of every request passed through. */
  readonly passed: number[];
  close(): Promise<void>;
}

/**
 * A TCP front for `serverUrl` that behaves like a load balancer with a body
 * limit and no lingering close: a request declaring more than `maxBytes`
 * gets its connection reset after a few bytes of its body, with no answer;
 * any other is passed through, connection and all (keep-alive too: every
 * request on a connection is judged).
 */
export async function startResettingFront(
  serverUrl: string,
  maxBytes: number,
): Promise<ResettingFront> {
  const target = new URL(serverUrl);
  const sockets = new Set<Socket>();
  const front: ResettingFront = {
    url: '',
    resets: [],
    passed: [],
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  const server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    const upstream = connect(Number(target.port), target.hostname);
    sockets.add(upstream);
    upstream.on('close', () => {
      sockets.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => client.destroy());
    upstream.pipe(client);
    // Reads each request's head; passes it and its body on, or resets.
    let pending = Buffer.alloc(0);
    let bodyLeft = 0;
    client.on('data', (chunk: Buffer) => {
      let data = chunk;
      while (data.length > 0) {
        if (bodyLeft > 0) {
          const part = data.subarray(0, bodyLeft);
          upstream.write(part);
          bodyLeft -= part.length;
          data = data.subarray(part.length);
          continue;
        }
        pending = Buffer.concat([pending, data]);
        data = Buffer.alloc(0);
        const headEnd = pending.indexOf('\r\n\r\n');
        if (headEnd < 0) return;
        const head = pending.subarray(0, headEnd + 4);
        const length = Number(
          /\r\ncontent-length:\s*(\d+)/i.exec(head.toString('latin1'))?.[1] ?? 0,
        );
        if (length > maxBytes) {
          front.resets.push(length);
          client.resetAndDestroy();
          upstream.destroy();
          return;
        }
        front.passed.push(length);
        upstream.write(head);
        data = pending.subarray(head.length);
        pending = Buffer.alloc(0);
        bodyLeft = length;
      }
    });
    client.on('end', () => upstream.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(front, { url: `http://127.0.0.1:${port}` });
}
