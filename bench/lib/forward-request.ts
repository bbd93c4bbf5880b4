import { request } from 'node:http';
import type { ClientRequest, IncomingMessage, ServerResponse } from 'node:http';

/** What a proxy hears of an answer on its way through. */
export interface Hearing {
  /** Each chunk of the answer as the server sent it (compressed where it is). */
  chunk?(chunk: Buffer): void;
  /** The answer once it is all in, before its end is sent on. */
  end?(answer: IncomingMessage): void;
}

/**
 * How a proxy carries bodies across: `up` the request's to the server,
 * `down` the answer's to the device (and ends it, or cuts it short by
 * destroying `res`); `answer` is the server's, its body already being read
 * into `body`. A rejection of either drops both connections.
 */
export interface Carrier {
  up(req: IncomingMessage, upstream: ClientRequest): void | Promise<void>;
  down(body: AsyncIterable<Buffer>, res: ServerResponse, answer: IncomingMessage): Promise<void>;
}

/** Waits until `res` takes more; throws once the device has gone (nobody would take it). */
async function drained(res: ServerResponse): Promise<void> {
  await new Promise<void>((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
  if (res.destroyed) throw new Error('the device closed the connection');
}

/** Every byte on at once, as it comes, minding only the device's back-pressure. */
export const directCarrier: Carrier = {
  up(req, upstream) {
    req.pipe(upstream);
  },
  async down(body, res) {
    for await (const chunk of body) {
      if (!res.write(chunk)) await drained(res);
    }
    res.end();
  },
};

async function* heard(answer: IncomingMessage, hear: Hearing): AsyncGenerator<Buffer> {
  for await (const chunk of answer as AsyncIterable<Buffer>) {
    hear.chunk?.(chunk);
    yield chunk;
  }
  // Heard before the carrier sends the end: whoever reads what was heard
  // once their answer is in finds it complete.
  hear.end?.(answer);
}

/**
 * Sends `req` on to the server at `to` and its answer back through `res`,
 * chunk by chunk as it comes: a proxy's way through. `hear` hears the
 * answer; `carrier` decides how fast (and whether all of) it crosses.
 */
export function forwardRequest(
  req: IncomingMessage,
  res: ServerResponse,
  to: URL,
  hear: Hearing = {},
  carrier: Carrier = directCarrier,
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
      carrier.down(heard(answer, hear), res, answer).catch(() => {
        answer.destroy();
        res.destroy();
      });
    },
  );
  upstream.on('error', () => res.destroy());
  (async () => carrier.up(req, upstream))().catch(() => {
    upstream.destroy();
    res.destroy();
  });
}
