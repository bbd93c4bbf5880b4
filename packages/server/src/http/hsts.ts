import type { FastifyInstance } from 'fastify';

/** One year, as helmet's default; browsers then refuse plain HTTP to this host for that long. */
const hstsValue = 'max-age=31536000; includeSubDomains';

/**
 * `Strict-Transport-Security` only on answers that went out over HTTPS: the
 * server's own TLS (`--tls-cert`), or a TLS proxy's `X-Forwarded-Proto: https`
 * when that proxy is trusted (`--trust-proxy`), which Fastify folds into
 * `request.protocol`. Browsers ignore the header over plain HTTP, and sending
 * it there would tell a reader of the traffic that a deployment thinks it is
 * on HTTPS when it is not.
 *
 * @example
 * installHsts(app); // before the routes are registered
 */
export function installHsts(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.protocol === 'https') void reply.header('strict-transport-security', hstsValue);
    return payload;
  });
}
