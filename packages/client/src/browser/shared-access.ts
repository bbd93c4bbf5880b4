import type { SharedDatabase } from '../driver/sql-driver.js';

/**
 * How the tabs using one database file keep out of each other's way: Web
 * Locks named after the file (one writer and one sync at a time across
 * tabs), and a BroadcastChannel on which each tab tells the others which
 * tables its commits changed, so their live queries read again. Null where
 * the browser has neither (the store then behaves as if alone).
 */
export function openSharedAccess(file: string): (SharedDatabase & { close(): void }) | null {
  if (typeof BroadcastChannel !== 'function' || !navigator.locks) return null;
  const channel = new BroadcastChannel(`clinicsync-changes:${file}`);
  return {
    // The lock's promise settles with what `work`'s promise settles with.
    exclusive: <T>(lock: 'write' | 'sync', work: () => Promise<T>) =>
      navigator.locks.request(`clinicsync-${lock}:${file}`, work) as unknown as Promise<T>,
    announce(tables) {
      channel.postMessage({ tables });
    },
    listen(listener) {
      const onMessage = (event: MessageEvent<{ tables?: unknown }>) => {
        const tables = event.data.tables;
        if (Array.isArray(tables)) listener(tables.filter((t) => typeof t === 'string'));
      };
      channel.addEventListener('message', onMessage);
      return () => channel.removeEventListener('message', onMessage);
    },
    close() {
      channel.close();
    },
  };
}
