import { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';

/** How much of an unread body the server reads and throws away after answering. */
export interface DrainLimit {
  /** Bytes read after the answer at most. */
  readonly maxBytes: number;
  /** Time after the answer at most (nginx's `lingering_time`, 30 s). */
  readonly maxMs: number;
  /** Time without a byte at most (nginx's `lingering_timeout`, 5 s). */
  readonly idleMs: number;
}

/** How often the socket's byte count is looked at while it drains. */
const checkEveryMs = 100;

/**
 * Keeps the connection open, reading and throwing away what is left of a
 * request body, after an answer that came before the body was all in: a 413
 * (over MAX_BODY_MB) or a refusal decided on the headers (401, 429).
 *
 * Why: closing a socket with unread bytes makes the kernel send a TCP reset,
 * which also discards the answer still waiting in the client's buffer. A
 * client that reads only once it has sent its body (most do, and the SDK
 * halves a push only on a 413) then sees EPIPE or ECONNRESET instead of the
 * answer, and sends the same body again. So, as nginx's lingering close
 * does, the server goes on reading; Node then keeps the connection for the
 * client's next request. The drain is bounded: past `maxBytes`, `maxMs` in
 * all or `idleMs` without progress, the connection is cut.
 *
 * @example
 * installBodyDrain(app, { maxBytes: 64 * 2 ** 20, maxMs: 30_000, idleMs: 5_000 });
 */
export function installBodyDrain(app: FastifyInstance, limit: DrainLimit): void {
  // Fastify marks its 413 `Connection: close`, so Node would destroy the
  // socket under the unread body at once: Node's own draining (that of a
  // connection kept alive) is what reads the rest, bounded below.
  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode === 413 && !request.raw.complete) reply.removeHeader('connection');
    return payload;
  });
  app.addHook('onResponse', async (request) => {
    const { raw } = request;
    // Only a real connection (a TLS one too): inject()'s stand-in has nothing to drain.
    const socket: unknown = raw.socket;
    if (raw.complete || !(socket instanceof Socket) || socket.destroyed) return;
    const startedAt = Date.now();
    const startBytes = socket.bytesRead;
    let lastBytes = startBytes;
    let lastProgressAt = startedAt;
    const stop = () => {
      clearInterval(timer);
      raw.off('end', stop);
      socket.off('close', stop);
    };
    // Node's parser reads the socket natively: its byte count is the only
    // sign of progress (no 'data' events while it drains).
    const timer = setInterval(() => {
      if (raw.complete) return stop();
      const now = Date.now();
      if (socket.bytesRead !== lastBytes) {
        lastBytes = socket.bytesRead;
        lastProgressAt = now;
      }
      if (
        lastBytes - startBytes > limit.maxBytes ||
        now - startedAt > limit.maxMs ||
        now - lastProgressAt > limit.idleMs
      ) {
        stop();
        socket.destroy();
      }
    }, checkEveryMs);
    timer.unref();
    raw.once('end', stop);
    socket.once('close', stop);
  });
}
