import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';

/**
 * Lets the server close at once when a connection was opened but never sent
 * a request. Fastify's close ends idle keep-alive connections and waits for
 * those serving a request, but Node counts a connection that has sent
 * nothing yet as neither, so the close waited for the headers timeout (60 s,
 * checked every 30): browsers open such sockets ahead of need (Chromium's
 * preconnect), and Node's fetch opens one when a download is aborted. A
 * stopped or restarted server then hung for a minute and more.
 *
 * @example
 * installCloseUnusedConnections(app); // before app.listen()
 */
export function installCloseUnusedConnections(app: FastifyInstance): void {
  // Keyed by the peer's address: over HTTPS a request's socket is the TLS
  // socket wrapped around the TCP one that 'connection' gave.
  const unused = new Map<string, Socket>();
  const peer = (socket: Socket) => `${socket.remoteAddress}:${socket.remotePort}`;
  app.server.on('connection', (socket: Socket) => {
    const key = peer(socket);
    unused.set(key, socket);
    socket.once('close', () => unused.delete(key));
  });
  app.server.on('request', (request: { socket: Socket }) => unused.delete(peer(request.socket)));
  app.addHook('preClose', (done) => {
    for (const socket of unused.values()) socket.destroy();
    unused.clear();
    done();
  });
}
