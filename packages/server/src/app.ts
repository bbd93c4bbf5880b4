import compress from '@fastify/compress';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import Fastify from 'fastify';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { registerAdminRoutes } from './admin/admin-routes.js';
import { Authenticator } from './auth/authenticate.js';
import { registerAuthRoutes } from './auth/auth-routes.js';
import { FailureLimiter } from './auth/failure-limiter.js';
import type { Database } from './db/database.js';
import { AppError } from './errors.js';
import { installErrorHandler } from './http/error-handler.js';
import { registerHealthRoute } from './http/health-route.js';
import { registerOpenApi } from './http/openapi.js';
import { installSchemaCompilers } from './http/schema-compilers.js';
import { serverVersion } from './http/server-version.js';
import { registerWebAppRoute } from './http/web-app-route.js';
import { registerPatientRoutes } from './patients/patient-routes.js';
import type { ServerContext } from './server-context.js';
import { FullPullLimiter } from './sync/pull/full-pull-limiter.js';
import type { FullPullLimit } from './sync/pull/full-pull-limiter.js';
import { registerSyncRoutes } from './sync/sync-routes.js';
import type { ConflictMode } from './sync/write/write-changes.js';
import { answerClientError } from './http/client-error-handler.js';
import { installNoStore } from './http/cache-control.js';
import { installCloseUnusedConnections } from './http/close-unused-connections.js';
import { installBodyDrain } from './http/drain-unread-body.js';
import { installHsts } from './http/hsts.js';
import { PageBudget } from './sync/pull/page-budget.js';
import { PageReadAhead } from './sync/pull/page-read-ahead.js';

export interface AppOptions {
  readonly db: Database;
  /**
   * A streaming replica of `db` (DATABASE_READ_URL), read-only: pulls are
   * read from it when it has replayed what they need; everything else, and
   * those pulls, go to `db`.
   */
  readonly readDb?: Database | null;
  /** pino options, or false for none (tests). */
  readonly logger?: FastifyServerOptions['logger'];
  /** Largest accepted request body, in MB (MAX_BODY_MB). */
  readonly maxBodyMb?: number;
  /** Longest time to receive one whole request, headers and body (REQUEST_TIMEOUT_S). */
  readonly requestTimeoutMs?: number;
  /** `merge` (default) applies the device's value and logs the conflict; `reject` answers 409. */
  readonly conflictMode?: ConflictMode;
  readonly tokenTtlMs?: number;
  readonly signInRateLimit?: { max: number; timeWindow: number };
  /** Failed authentications per client address (default 30 in 5 minutes). */
  readonly failedAuthLimit?: { max: number; windowMs: number };
  /** Failed passwords per account, from any address (default 10 in 15 minutes). */
  readonly failedAccountLimit?: { max: number; windowMs: number };
  /**
   * Full pulls (first syncs) per user: at once, and per window (default 2 at
   * once, 20 per hour); null for no limit.
   */
  readonly fullPullLimit?: FullPullLimit | null;
  /** About how many bytes of JSON a page of a paged pull holds (default 4 MiB); tests make it small. */
  readonly pageBytes?: number;
  /** Serve HTTPS with this PEM certificate (chain) and key (TLS_CERT, TLS_KEY); plain HTTP when absent. */
  readonly https?: { readonly cert: Buffer; readonly key: Buffer };
  /**
   * Fastify's `trustProxy` (TRUST_PROXY): which proxies' X-Forwarded-For and
   * X-Forwarded-Proto to believe for the client's address and protocol. Off
   * by default, so a client cannot forge its address to dodge the limits.
   */
  readonly trustProxy?: boolean | string;
}

/** Two first syncs of one user at once, twenty an hour: devices set up, not a download loop. */
export const defaultFullPullLimit: FullPullLimit = {
  atOnce: 2,
  perWindow: 20,
  windowMs: 3_600_000,
};

/** Fields that must never reach a log line. */
const redactedPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.body.password',
  'req.body.token',
  'res.headers["set-cookie"]',
];

/**
 * Builds the server (routes, auth, limits, error shape) without listening,
 * so tests call it with `inject()`.
 *
 * @example
 * const app = await buildApp({ db: await openDatabase({}) });
 * await app.listen({ port: 3000 });
 */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  // Fastify turns Node's 300 s default off (0), so a client trickling a body
  // could hold its socket for as long as it likes. We keep Node's 300 s: it
  // bounds only receiving a request (not a pull's answer), and the SDK by
  // default gives up on a request after 120 s, so only a stalled sender is cut.
  const requestTimeoutMs = Math.round(options.requestTimeoutMs ?? 300_000);
  const http = {
    // Node ignores a request timeout shorter than the headers timeout (60 s)
    // once the headers are in, and checks it only every 30 s: both must
    // follow a short timeout for it to hold.
    headersTimeout: Math.min(60_000, requestTimeoutMs),
    connectionsCheckingInterval: Math.min(30_000, Math.max(250, Math.ceil(requestTimeoutMs / 4))),
  };
  const serverOptions = {
    logger: options.logger === undefined ? false : options.logger,
    bodyLimit: Math.round((options.maxBodyMb ?? 32) * 1024 * 1024),
    requestTimeout: requestTimeoutMs,
    http,
    // Fastify passes `http` only to a plain server: an HTTPS one takes the
    // same timeouts beside its certificate.
    ...(options.https
      ? { https: { ...http, cert: options.https.cert, key: options.https.key } }
      : {}),
    clientErrorHandler: answerClientError,
    trustProxy: options.trustProxy ?? false,
    // Our own error shape covers JSON syntax errors and unknown routes.
    return503OnClosing: true,
  };
  // An https.Server is an http.Server to everything the app touches; typed
  // with `https`, Fastify's overloads would pick its HTTP/2 instance type.
  const app = Fastify(serverOptions as FastifyServerOptions);
  installErrorHandler(app);
  installSchemaCompilers(app);
  installNoStore(app);
  // A client still sending when refused gets the answer, not a reset (nginx's lingering close).
  installBodyDrain(app, { maxBytes: 2 * serverOptions.bodyLimit, maxMs: 30_000, idleMs: 5_000 });
  installHsts(app);
  installCloseUnusedConnections(app);
  app.decorateRequest('authUser', null);
  // HSTS is installHsts's, over HTTPS only.
  await app.register(helmet, {
    contentSecurityPolicy: false,
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: false,
  });
  await app.register(compress, {
    global: true,
    threshold: 1024,
    encodings: ['br', 'gzip', 'deflate'],
  });
  await app.register(rateLimit, { global: false });

  const failures = new FailureLimiter(options.failedAuthLimit ?? { max: 30, windowMs: 5 * 60_000 });
  const auth = new Authenticator(options.db, failures, { perAccount: options.failedAccountLimit });
  const context: ServerContext = {
    db: options.db,
    readDb: options.readDb ?? null,
    auth,
    failures,
    conflictMode: options.conflictMode ?? 'merge',
    tokenTtlMs: options.tokenTtlMs ?? 30 * 24 * 3600_000,
    signInRateLimit: options.signInRateLimit ?? { max: 20, timeWindow: 60_000 },
    // PGlite runs its queries on this thread: a page read ahead would only
    // delay what the server is doing now.
    readAhead: options.db.engine === 'postgres' ? new PageReadAhead() : null,
    pageBudget: new PageBudget(options.pageBytes),
    fullPulls:
      options.fullPullLimit === null
        ? null
        : new FullPullLimiter(options.fullPullLimit ?? defaultFullPullLimit),
    requireUser: (request, requireOptions) =>
      auth.authenticate(request.headers.authorization, request.ip, {
        allowBasic: requireOptions?.allowBasic ?? false,
      }),
    async requireAdmin(request) {
      const user = await context.requireUser(request);
      if (user.role !== 'super_admin' && user.role !== 'admin') {
        throw new AppError('forbidden', 'Only an administrator may do this.');
      }
      return user;
    },
  };

  // Reads under way finish before the caller closes the database.
  app.addHook('onClose', async () => {
    await context.readAhead?.close();
  });
  await registerOpenApi(app, serverVersion);
  registerHealthRoute(app, context);
  registerAuthRoutes(app, context);
  registerSyncRoutes(app, context);
  registerAdminRoutes(app, context);
  registerPatientRoutes(app, context);
  await registerWebAppRoute(app);
  return app;
}

/** Logger options for a real server: JSON lines, secrets redacted. */
export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return { level, redact: { paths: redactedPaths, censor: '[redacted]' } };
}
