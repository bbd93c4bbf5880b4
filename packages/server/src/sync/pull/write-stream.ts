import type { PassThrough } from 'node:stream';

/**
 * Writes to a response stream, waiting while the client is slow (backpressure)
 * and failing as soon as the client goes away, so a pull's transaction ends.
 */
export async function writeToStream(stream: PassThrough, text: string): Promise<void> {
  if (stream.destroyed) throw new Error('the client closed the connection');
  if (stream.write(text)) return;
  await new Promise<void>((resolve, reject) => {
    const onDrain = () => {
      stream.off('close', onClose);
      resolve();
    };
    const onClose = () => {
      stream.off('drain', onDrain);
      reject(new Error('the client closed the connection'));
    };
    stream.once('drain', onDrain);
    stream.once('close', onClose);
  });
}

/** Gathers small pieces into chunks of about `size` characters before they are written. */
export class ChunkBuffer {
  private pending: string[] = [];
  private length = 0;

  constructor(
    private readonly stream: PassThrough,
    private readonly size = 64 * 1024,
  ) {}

  async push(text: string): Promise<void> {
    this.pending.push(text);
    this.length += text.length;
    if (this.length >= this.size) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.length === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    this.length = 0;
    await writeToStream(this.stream, text);
  }
}
