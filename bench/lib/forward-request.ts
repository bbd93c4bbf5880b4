import { request } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Sends `req` on to the server at `to` and its answer back through `res`,
 * chunk by chunk as it comes: a proxy's way through. `chunk` hears each
 * chunk of the answer as sent (compressed where it is), `end` the answer
 * once it is all in, before its end is sent on.
 */
export function forwardRequest(
  req: IncomingMessage,
  res: ServerResponse,
  to: URL,
  hear: { chunk?(chunk: Buffer): void; end?(answer: IncomingMessage): void } = {},
): void {
  const upstream = request(
    {
      host: to.hostname,
      port: to.port,
      path: req.url,
      method: req.method,
      headers: { ...req.headers, host: to.host },
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.on('data', (chunk: Buffer) => {
        hear.chunk?.(chunk);
        res.write(chunk);
      });
      // Heard before the end is sent: whoever reads what was heard once
      // their answer is in finds it complete.
      answer.on('end', () => {
        hear.end?.(answer);
        res.end();
      });
    },
  );
  upstream.on('error', () => res.destroy());
  req.pipe(upstream);
}
