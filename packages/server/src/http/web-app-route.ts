import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface WebAppOptions {
  /** The built web app (default `packages/web/dist`, beside this package). */
  readonly distDir?: string;
}

// From src/http and from dist/http alike, three levels up is packages/.
const defaultDistDir = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

/**
 * The clinician app's content security policy: scripts only from this
 * origin, plus compiling WebAssembly (SQLite), workers from this origin or
 * blob: URLs, requests only to this origin.
 */
export const webAppCsp = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "img-src 'self' data:",
  "style-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const noCache = new Set(['index.html', 'sw.js', 'manifest.webmanifest']);

function setCacheHeaders(reply: FastifyReply, file: string): void {
  if (file.startsWith('assets/')) {
    // Vite puts a content hash in every name under assets/.
    reply.header('cache-control', 'public, max-age=31536000, immutable');
  } else {
    reply.header('cache-control', noCache.has(file) ? 'no-cache' : 'public, max-age=3600');
  }
  reply.header('content-security-policy', webAppCsp);
}

/** The file under `root` that `urlPath` names, or null (missing, a folder, or outside root). */
function fileFor(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const file = normalize(decoded).replace(/^[/\\]+/, '');
  if (file === '' || file.includes('\0')) return null;
  const rel = relative(root, join(root, file));
  if (rel.startsWith('..') || isAbsolute(rel)) return null;
  try {
    return statSync(join(root, rel)).isFile() ? rel.split('\\').join('/') : null;
  } catch {
    return null;
  }
}

/**
 * Serves the built web app at `/`: its files, and index.html for any other
 * GET outside `/api/` (the app's own routes). index.html and the service
 * worker are revalidated on every load; hashed assets are cached for a year.
 * Without a build, `/` answers 503 saying how to make one.
 */
export async function registerWebAppRoute(
  app: FastifyInstance,
  options: WebAppOptions = {},
): Promise<void> {
  const root = options.distDir ?? defaultDistDir;
  if (!existsSync(join(root, 'index.html'))) {
    app.get('/', { schema: { hide: true } }, (_request, reply) =>
      reply
        .status(503)
        .type('text/plain; charset=utf-8')
        .send(
          `The ClinicSync web app is not built (no ${join(root, 'index.html')}).\nRun \`npm run build\`, then restart the server.\n`,
        ),
    );
    return;
  }
  await app.register(fastifyStatic, { root, serve: false });
  app.get('/*', { schema: { hide: true } }, (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (path === '/api' || path.startsWith('/api/')) return reply.callNotFound();
    const file = fileFor(root, path) ?? 'index.html';
    setCacheHeaders(reply, file);
    return reply.sendFile(file, { cacheControl: false });
  });
}
