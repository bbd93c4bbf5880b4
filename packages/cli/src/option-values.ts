import { isIP } from 'node:net';
import { InvalidArgumentError } from 'commander';

/** A port number for `--port`: 0 (any free port) to 65535. */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value.trim()) || port > 65_535) {
    throw new InvalidArgumentError('It must be a port number from 0 to 65535.');
  }
  return port;
}

/** A parser for integers from `min` to `max`, e.g. `--patients`. */
export function integerBetween(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || n < min || n > max) {
      throw new InvalidArgumentError(
        `It must be a whole number from ${min} to ${max.toLocaleString('en-US')}.`,
      );
    }
    return n;
  };
}

/** A number greater than zero, e.g. `--max-body-mb 0.5`. */
export function positiveNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) {
    throw new InvalidArgumentError('It must be a number greater than 0.');
  }
  return n;
}

/** A PostgreSQL connection string (`postgres://…` or `postgresql://…`). */
export function parseDatabaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError(
      'It must be a URL such as postgres://user:password@host:5432/database.',
    );
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new InvalidArgumentError('It must start with postgres:// or postgresql://.');
  }
  return value;
}

/** The URL with its password hidden, for messages. */
export function redactDatabaseUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '(the database URL)';
  }
}

/** proxy-addr's names for address ranges, which Fastify's trustProxy accepts. */
const rangeNames = ['loopback', 'linklocal', 'uniquelocal'];

function isAddressOrRange(entry: string): boolean {
  if (rangeNames.includes(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d+$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * `--trust-proxy` (TRUST_PROXY): `false`, `true` (every peer is a proxy), or
 * the proxies' addresses, ranges and range names, comma-separated
 * (`127.0.0.1,10.0.0.0/8`, `loopback`). A hop count is refused: Fastify
 * cannot tell a proxy from a client by counting.
 */
export function parseTrustProxy(value: string): boolean | string {
  const text = value.trim();
  if (text === 'false') return false;
  if (text === 'true') return true;
  const entries = text.split(',').map((entry) => entry.trim());
  if (text === '' || !entries.every(isAddressOrRange)) {
    throw new InvalidArgumentError(
      "It must be false, true, or the proxies' addresses or ranges, comma-separated (127.0.0.1,10.0.0.0/8 or loopback).",
    );
  }
  return entries.join(',');
}
