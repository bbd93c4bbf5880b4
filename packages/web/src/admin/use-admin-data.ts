import { useCallback, useEffect, useState } from 'react';

/** A server read as a page shows it: the data, or why it failed; `reload` reads again. */
export interface AdminData<T> {
  readonly data: T | null;
  readonly failure: string | null;
  readonly reload: () => void;
}

/**
 * Reads `load` now and again on `reload()`; an answer that arrives after a
 * newer read started is dropped, so a slow first read never overwrites the
 * second.
 */
export function useAdminData<T>(load: () => Promise<T>): AdminData<T> {
  const [data, setData] = useState<T | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    load()
      .then((answer) => {
        if (!current) return;
        setData(answer);
        setFailure(null);
      })
      .catch((error: unknown) => {
        if (current) setFailure(error instanceof Error ? error.message : String(error));
      });
    return () => {
      current = false;
    };
  }, [load, round]);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  return { data, failure, reload };
}
