import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';

/** What Node's HTTP parser reports before any route sees the request, in our words. */
function describe(code: string | undefined): { status: number; code: string; message: string } {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return {
      status: 408,
      code: 'request_timeout',
      message: 'The request took too long to arrive (REQUEST_TIMEOUT_S); send it again.',
    };
  }
  if (code === 'HPE_HEADER_OVERFLOW') {
    return { status: 431, code: 'bad_request', message: 'The request headers are too large.' };
  }
  return { status: 400, code: 'bad_request', message: 'The request is not valid HTTP.' };
}

/**
 * Fastify's `clientErrorHandler`: a request Node itself refuses (too slow
 * to arrive, headers too large, not HTTP) is answered in the PROTOCOL.md
 * error shape like any other, and the connection closed.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  // ECONNRESET and the like: the client is gone, nobody to answer.
  if (!socket.writable || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const { status, code, message } = describe(error.code);
  const body = JSON.stringify({ error: { code, message, details: null } });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}
