import { useSyncExternalStore } from 'react';

function subscribe(listener: () => void): () => void {
  window.addEventListener('online', listener);
  window.addEventListener('offline', listener);
  return () => {
    window.removeEventListener('online', listener);
    window.removeEventListener('offline', listener);
  };
}

const snapshot = () => navigator.onLine;

/**
 * Whether the browser has a network, following its `online`/`offline`
 * events: what calls that need the server (the organisation search) check.
 *
 * @example
 * const online = useOnline();
 */
export function useOnline(): boolean {
  return useSyncExternalStore(subscribe, snapshot);
}
