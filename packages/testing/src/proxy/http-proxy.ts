import { createServer, request as httpRequest } from 'node:http';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the proxy saw it; `index` counts requests of the same method from 0. */
export interface ProxiedRequest {
  readonly method: string;
  readonly url: URL;
  readonly index: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/**
 * What to do with a request: forward it, forward it but drop the connection
 * after `cutAfterBytes` bytes of the answer's body, drop the connection
 * without answering, or answer in the server's place.
 */
export type ProxyAction =
  | { readonly forward: true; readonly cutAfterBytes?: number }
  | { readonly drop: true }
  | { readonly status: number; readonly headers?: Record<string, string>; readonly body?: string };

export type ProxyRule = (request: ProxiedRequest) => ProxyAction | undefined;

export interface TestProxy {
  readonly url: string;
  readonly requests: ProxiedRequest[];
  /** Answers actually cut short (a cut point past the end of an answer cuts nothing). */
  readonly cuts: ProxiedRequest[];
  /** Body bytes of each forwarded answer, as sent by the server (compressed when it compressed). */
  readonly answerBytes: number[];
  rule: ProxyRule;
  close(): Promise<void>;
}

function forward(
  proxy: TestProxy,
  target: URL,
  request: ProxiedRequest,
  response: ServerResponse,
  cutAfter: number | undefined,
) {
  const upstream = httpRequest(
    {
      host: target.hostname,
      port: target.port,
      method: request.method,
      path: `${request.url.pathname}${request.url.search}`,
      headers: { ...request.headers, host: target.host },
    },
    (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      let sent = 0;
      let cutDone = false;
      answer.on('data', (chunk: Buffer) => {
        if (cutAfter === undefined) {
          sent += chunk.length;
          response.write(chunk);
          return;
        }
        if (cutDone) return;
        const room = cutAfter - sent;
        if (room > 0) response.write(chunk.subarray(0, room));
        sent += chunk.length;
        if (sent >= cutAfter) {
          cutDone = true;
          proxy.cuts.push(request);
          answer.destroy();
          response.socket?.destroy();
        }
      });
      // The server died mid-answer (killed, say): the device must see the connection drop.
      answer.on('close', () => {
        if (!answer.complete) response.socket?.destroy();
      });
      answer.on('end', () => {
        if (cutDone) return;
        proxy.answerBytes.push(sent);
        response.end();
      });
    },
  );
  upstream.on('error', () => response.socket?.destroy());
  upstream.end(request.body);
}

/**
 * A local HTTP proxy in front of the test server, to cut connections, fail
 * requests or answer 429/503 at chosen moments. The default rule forwards.
 */
export async function startProxy(
  targetUrl: string,
  rule: ProxyRule = () => undefined,
): Promise<TestProxy> {
  const target = new URL(targetUrl);
  const counts = new Map<string, number>();
  const proxy: TestProxy = {
    url: '',
    requests: [],
    cuts: [],
    answerBytes: [],
    rule,
    close: async () => undefined,
  };
  const server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const method = incoming.method ?? 'GET';
      const index = counts.get(method) ?? 0;
      counts.set(method, index + 1);
      const request: ProxiedRequest = {
        method,
        url: new URL(incoming.url ?? '/', target),
        index,
        headers: incoming.headers,
        body: Buffer.concat(chunks),
      };
      proxy.requests.push(request);
      const action = proxy.rule(request) ?? { forward: true };
      if ('drop' in action) {
        incoming.socket.destroy();
      } else if ('forward' in action) {
        forward(proxy, target, request, response, action.cutAfterBytes);
      } else {
        response.writeHead(action.status, {
          'content-type': 'application/json',
          ...action.headers,
        });
        response.end(
          action.body ??
            '{"error":{"code":"unavailable","message":"proxy says no","details":null}}',
        );
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(proxy, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
