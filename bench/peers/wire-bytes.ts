// Bytes on the wire for a first sync: the paged pull our SDK makes (same page
// size), once asking for compression as Node's fetch does and once without.
// Response bodies only (headers are a few hundred bytes a page).
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { peerInput, runPeer } from '../lib/peer.js';
import { basicAuth, getRaw } from '../lib/raw-pull.js';
import type { Credentials } from '../lib/raw-pull.js';

interface Input extends Credentials {
  pageSize: number;
  acceptEncoding: string;
}

function decode(body: Buffer, encoding: string): Buffer {
  if (encoding === 'gzip') return gunzipSync(body);
  if (encoding === 'br') return brotliDecompressSync(body);
  if (encoding === 'deflate') return inflateSync(body);
  return body;
}

runPeer(async () => {
  const input = peerInput<Input>();
  let compressed = 0;
  let uncompressed = 0;
  let pages = 0;
  const encodings = new Set<string>();
  let next: string | null = null;
  const started = performance.now();
  do {
    const query = new URLSearchParams({ last_pulled_at: '0', limit: String(input.pageSize) });
    if (next) query.set('next', next);
    const answer = await getRaw(`${input.serverUrl}/api/v2/sync?${query}`, {
      authorization: basicAuth(input),
      'accept-encoding': input.acceptEncoding,
    });
    if (answer.status !== 200) throw new Error(`pull answered ${answer.status}`);
    const body = decode(answer.body, answer.encoding);
    encodings.add(answer.encoding);
    compressed += answer.wireBytes;
    uncompressed += body.length;
    pages++;
    const page = JSON.parse(body.toString('utf8')) as { has_more?: boolean; next?: string | null };
    next = page.has_more ? (page.next ?? null) : null;
  } while (next);
  return {
    wireBytes: compressed,
    bodyBytes: uncompressed,
    pages,
    encodings: [...encodings],
    ms: performance.now() - started,
  };
});
