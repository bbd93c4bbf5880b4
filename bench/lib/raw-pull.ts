import { request } from 'node:http';

export type ChangeSet = Record<
  string,
  { created: Record<string, unknown>[]; updated: Record<string, unknown>[]; deleted: string[] }
>;

export interface Credentials {
  serverUrl: string;
  email: string;
  password: string;
}

export function basicAuth(c: Credentials): string {
  return `Basic ${Buffer.from(`${c.email}:${c.password}`).toString('base64')}`;
}

interface PageAnswer {
  changes: ChangeSet;
  timestamp: number;
  has_more?: boolean;
  next?: string | null;
}

/** Every page of a pull from `since` (parsed): the way a paged device reads, without a device. */
export async function* pullPages(
  c: Credentials,
  since = 0,
  pageSize = 5000,
): AsyncGenerator<ChangeSet> {
  let next: string | null = null;
  do {
    const query = new URLSearchParams({ last_pulled_at: String(since), limit: String(pageSize) });
    if (next) query.set('next', next);
    const response = await fetch(`${c.serverUrl}/api/v2/sync?${query}`, {
      headers: { authorization: basicAuth(c) },
    });
    if (!response.ok)
      throw new Error(`pull answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
    const page = (await response.json()) as PageAnswer;
    yield page.changes;
    next = page.has_more ? (page.next ?? null) : null;
  } while (next);
}

/**
 * GET through node:http (fetch would decompress and hide the wire size):
 * the bytes as received, and the body decoded only when `decode` asks.
 */
export function getRaw(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; wireBytes: number; encoding: string; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      let wireBytes = 0;
      res.on('data', (chunk: Buffer) => {
        wireBytes += chunk.length;
        chunks.push(chunk);
      });
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          wireBytes,
          encoding: String(res.headers['content-encoding'] ?? 'identity'),
          body: Buffer.concat(chunks),
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(600_000, () => req.destroy(new Error('request timed out')));
    req.end();
  });
}
