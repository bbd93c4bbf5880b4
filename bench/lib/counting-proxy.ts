import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { forwardRequest } from './forward-request.js';

/** Bytes that crossed the proxy: request bodies up, response bodies down as sent and decoded. */
export interface WireCount {
  requests: number;
  upBytes: number;
  downWireBytes: number;
  downBodyBytes: number;
}

function decodedLength(body: Buffer, encoding: string | undefined): number {
  if (encoding === 'gzip') return gunzipSync(body).length;
  if (encoding === 'br') return brotliDecompressSync(body).length;
  if (encoding === 'deflate') return inflateSync(body).length;
  return body.length;
}

/**
 * An HTTP proxy in the device's process, between the SDK and the server,
 * counting what a sync puts on the wire. Meant for small syncs (incremental):
 * it decodes each answer once more to count its uncompressed size.
 */
export async function startCountingProxy(
  target: string,
): Promise<{ url: string; count: WireCount; reset(): void; close(): void }> {
  const to = new URL(target);
  let count: WireCount = { requests: 0, upBytes: 0, downWireBytes: 0, downBodyBytes: 0 };
  const server = createServer((req, res) => {
    count.requests++;
    const chunks: Buffer[] = [];
    forwardRequest(req, res, to, {
      chunk(chunk) {
        chunks.push(chunk);
        count.downWireBytes += chunk.length;
      },
      end(answer) {
        count.downBodyBytes += decodedLength(
          Buffer.concat(chunks),
          answer.headers['content-encoding'],
        );
      },
    });
    req.on('data', (chunk: Buffer) => (count.upBytes += chunk.length));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get count() {
      return count;
    },
    reset() {
      count = { requests: 0, upBytes: 0, downWireBytes: 0, downBodyBytes: 0 };
    },
    close() {
      server.closeAllConnections();
      server.close();
    },
  };
}
