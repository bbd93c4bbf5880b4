import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { forwardRequest } from './forward-request.js';
import type { Carrier } from './forward-request.js';
import { sharedLink } from './shared-link.js';
import type { SharedLink } from './shared-link.js';

export interface ThrottlingOptions {
  /** Bits per second of each direction, shared by every connection (default 256,000). */
  readonly bitsPerSecond?: number;
  /** Share of answers cut partway through their body (default 0.02). */
  readonly cutRate?: number;
  /** Seed of the cuts: the same seed and the same requests give the same cuts (default 1). */
  readonly seed?: number;
}

/** One request through the proxy, and what became of its answer. */
export interface Exchange {
  readonly method: string;
  /** Path and query as the device sent them. */
  readonly path: string;
  readonly acceptEncoding: string | null;
  status: number | null;
  contentEncoding: string | null;
  /** Body bytes delivered to the device, as sent (compressed where it is). */
  deliveredBytes: number;
  /** Body bytes of the whole answer as the server sent it; null until it is all in. */
  bodyBytes: number | null;
  /** Where in its body this answer is to be cut (a fraction), drawn from the seed; null for none. */
  cutAt: number | null;
  /** The proxy cut this answer short. */
  cut: boolean;
  /** The answer reached the device whole. */
  complete: boolean;
}

/** What crossed the link; bytes are counted on the device's connections, headers included. */
export interface LinkCount {
  readonly connections: number;
  readonly requests: number;
  readonly cuts: number;
  readonly upBytes: number;
  readonly downBytes: number;
}

export interface ThrottlingProxy {
  readonly url: string;
  readonly exchanges: readonly Exchange[];
  count(): LinkCount;
  close(): Promise<void>;
}

// 32 ms at 256 kbit/s: small enough that answers on the link at once interleave.
const sliceBytes = 1024;

/** About the size of a header block, so that the link carries headers too (never counted from it). */
function headerBytes(headers: Record<string, unknown>): number {
  let bytes = 32;
  for (const [name, value] of Object.entries(headers))
    bytes += name.length + String(value).length + 4;
  return bytes;
}

function write(res: ServerResponse, chunk: Buffer): Promise<void> {
  if (res.destroyed) return Promise.reject(new Error('the device closed the connection'));
  return new Promise((resolve, reject) =>
    res.write(chunk, (error) => (error ? reject(error) : resolve())),
  );
}

/** Sends `body` at the link's pace; resolves once every byte is handed to the device's socket. */
async function sendPaced(
  link: SharedLink,
  res: ServerResponse,
  body: Buffer,
  exchange: Exchange,
): Promise<void> {
  for (let at = 0; at < body.length; at += sliceBytes) {
    const slice = body.subarray(at, at + sliceBytes);
    await link.cross(slice.length);
    await write(res, slice);
    exchange.deliveredBytes += slice.length;
  }
}

/**
 * The carrier of one exchange: both bodies at the link's pace. An answer to
 * cut (`cutAt`, a fraction of its body) is read whole first, so that the
 * cut falls inside its real length; it is sent up to that point and then
 * its connection is destroyed.
 */
function pacedCarrier(
  links: { up: SharedLink; down: SharedLink },
  exchange: Exchange,
  cutAt: number | null,
): Carrier {
  return {
    async up(req, upstream) {
      await links.up.cross(headerBytes(req.headers));
      for await (const chunk of req as AsyncIterable<Buffer>) {
        await links.up.cross(chunk.length);
        upstream.write(chunk);
      }
      upstream.end();
    },
    async down(body, res, answer) {
      exchange.status = answer.statusCode ?? null;
      exchange.contentEncoding = answer.headers['content-encoding'] ?? null;
      await links.down.cross(headerBytes(answer.headers));
      if (cutAt === null) {
        for await (const chunk of body) await sendPaced(links.down, res, chunk, exchange);
        exchange.bodyBytes = exchange.deliveredBytes;
      } else {
        const chunks: Buffer[] = [];
        for await (const chunk of body) chunks.push(chunk);
        const whole = Buffer.concat(chunks);
        exchange.bodyBytes = whole.length;
        // An empty body has no middle to cut in: it goes whole.
        if (whole.length > 0) {
          await sendPaced(
            links.down,
            res,
            whole.subarray(0, Math.floor(cutAt * whole.length)),
            exchange,
          );
          // Every byte before the cut was handed to the socket: the count is what the device got.
          exchange.cut = true;
          res.destroy();
          return;
        }
      }
      res.end();
      exchange.complete = true;
    },
  };
}

/**
 * An HTTP proxy in front of the server at `target`, standing for a clinic's
 * slow, unreliable link: each direction carries `bitsPerSecond` shared by
 * every connection, and a share `cutRate` of answers is cut partway through
 * its body (the connection destroyed after a random number of its bytes,
 * drawn from `seed`, so a run can be repeated). It counts the bytes that
 * crossed on the device's side (as sent, compressed where they were,
 * headers included), the connections, the requests and the cuts, and keeps
 * every exchange for the caller to check.
 *
 * @example
 * const proxy = await startThrottlingProxy(serverUrl, { cutRate: 0.02, seed: 7 });
 * // … a device syncs through proxy.url …
 * proxy.count(); // { connections, requests, cuts, upBytes, downBytes }
 * await proxy.close();
 */
export async function startThrottlingProxy(
  target: string,
  options: ThrottlingOptions = {},
): Promise<ThrottlingProxy> {
  const to = new URL(target);
  const cutRate = options.cutRate ?? 0.02;
  if (!(cutRate >= 0 && cutRate <= 1))
    throw new Error(`cutRate must be within [0, 1], not ${cutRate}`);
  const links = {
    up: sharedLink(options.bitsPerSecond ?? 256_000),
    down: sharedLink(options.bitsPerSecond ?? 256_000),
  };
  const rng = xoroshiro128plus(options.seed ?? 1);
  const sockets = new Set<Socket>();
  const exchanges: Exchange[] = [];

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const exchange: Exchange = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      acceptEncoding: req.headers['accept-encoding'] ?? null,
      status: null,
      contentEncoding: null,
      deliveredBytes: 0,
      bodyBytes: null,
      cutAt: null,
      cut: false,
      complete: false,
    };
    exchanges.push(exchange);
    // Both drawn as the request arrives, so the cuts follow the order of requests alone.
    const cutting = uniformInt(rng, 0, 999_999) < cutRate * 1_000_000;
    const cutAt = uniformInt(rng, 0, 999_999) / 1_000_000;
    exchange.cutAt = cutting ? cutAt : null;
    forwardRequest(req, res, to, {}, pacedCarrier(links, exchange, exchange.cutAt));
  });
  server.on('connection', (socket: Socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exchanges,
    count() {
      let upBytes = 0;
      let downBytes = 0;
      for (const socket of sockets) {
        upBytes += socket.bytesRead;
        downBytes += socket.bytesWritten;
      }
      const cuts = exchanges.filter((e) => e.cut).length;
      return { connections: sockets.size, requests: exchanges.length, cuts, upBytes, downBytes };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
