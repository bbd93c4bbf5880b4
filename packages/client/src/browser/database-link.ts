// One database for every tab: the worker of one tab holds it (the leader,
// holder of a Web Lock); the workers of the other tabs send their calls to it
// over a BroadcastChannel. When the leader's tab closes, the lock passes to
// another tab's worker, which opens the database and says so; every worker
// then sends again the calls still unanswered. No tab ever opens a database
// of its own in memory because another tab holds the file.
import { DatabaseHost } from './database-host.js';
import { databaseChannelName, leaderLockName } from './worker-messages.js';
import type { ChannelMessage, DatabaseRequest } from './worker-messages.js';

interface Waiting {
  readonly request: DatabaseRequest;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
}

/**
 * This worker's way to the database: the host itself while it leads,
 * otherwise the leader through the channel. Created once per worker; it
 * queues for leadership at once.
 */
export class DatabaseLink {
  private readonly id = crypto.randomUUID();
  private readonly channel = new BroadcastChannel(databaseChannelName);
  private host: DatabaseHost | null = null;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;
  private releaseLock: (() => void) | null = null;
  /** Withdraws from the queue for leadership once this worker closes. */
  private readonly leaving = new AbortController();

  constructor() {
    this.channel.addEventListener('message', (event: MessageEvent<ChannelMessage>) =>
      this.hear(event.data),
    );
    navigator.locks
      .request(leaderLockName, { signal: this.leaving.signal }, () => this.lead())
      .catch(() => undefined); // Aborted: closed before its turn came.
  }

  /** Runs `request` on the database, wherever it is held. */
  call(request: DatabaseRequest): Promise<unknown> {
    if (this.host) return this.host.handle(request);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { request, resolve, reject });
      this.send({ kind: 'request', from: this.id, id, request });
    });
  }

  /** Stops leading (closing the files once queued calls are done) and leaves the channel. */
  async close(): Promise<void> {
    // Calls other tabs send from now on wait for the next leader.
    const host = this.host;
    this.host = null;
    this.leaving.abort();
    await host?.close();
    this.releaseLock?.();
    this.channel.close();
  }

  private async lead(): Promise<void> {
    if (this.leaving.signal.aborted) return;
    const host = new DatabaseHost();
    this.host = host;
    // Calls sent to the previous leader and never answered run here now.
    const unanswered = [...this.waiting.values()];
    this.waiting.clear();
    for (const call of unanswered) host.handle(call.request).then(call.resolve, call.reject);
    this.send({ kind: 'leader', id: this.id });
    // Held until this worker closes or ends (its tab closed).
    await new Promise<void>((resolve) => {
      this.releaseLock = resolve;
    });
  }

  private hear(message: ChannelMessage): void {
    switch (message.kind) {
      case 'request':
        if (this.host) this.serve(message.from, message.id, message.request);
        return;
      case 'response': {
        if (message.to !== this.id) return;
        const call = this.waiting.get(message.id);
        if (!call) return;
        this.waiting.delete(message.id);
        if (message.ok) call.resolve(message.result);
        else call.reject(new Error(message.error));
        return;
      }
      case 'leader':
        for (const [id, call] of this.waiting) {
          this.send({ kind: 'request', from: this.id, id, request: call.request });
        }
        return;
    }
  }

  private serve(from: string, id: number, request: DatabaseRequest): void {
    if (!this.host) return;
    this.host.handle(request).then(
      (result) => this.send({ kind: 'response', to: from, id, ok: true, result }),
      (error: unknown) =>
        this.send({
          kind: 'response',
          to: from,
          id,
          ok: false,
          error: error instanceof Error ? error.message : String(error),
        }),
    );
  }

  private send(message: ChannelMessage): void {
    this.channel.postMessage(message);
  }
}
