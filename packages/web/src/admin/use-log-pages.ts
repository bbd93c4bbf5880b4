import { useCallback, useEffect, useState } from 'react';
import type { LogPage } from './admin-api.js';

/** A log read page by page: the entries so far, whether more follow, and why a read failed. */
export interface LogPages<T> {
  readonly entries: readonly T[] | null;
  readonly hasMore: boolean;
  readonly failure: string | null;
  readonly more: () => void;
}

/**
 * Reads the newest page of `load`, and each older page on `more()`. A new
 * `load` (another filter) starts again from the newest; an answer for an
 * older `load` is dropped.
 */
export function useLogPages<T>(load: (before: number | null) => Promise<LogPage<T>>): LogPages<T> {
  const [state, setState] = useState<{
    load: typeof load;
    entries: readonly T[] | null;
    next: number | null;
  }>({ load, entries: null, next: null });
  const [cursor, setCursor] = useState<{ load: typeof load; before: number | null }>({
    load,
    before: null,
  });
  const [failure, setFailure] = useState<string | null>(null);
  const before = cursor.load === load ? cursor.before : null;

  useEffect(() => {
    let current = true;
    load(before)
      .then((page) => {
        if (!current) return;
        setFailure(null);
        setState((previous) => ({
          load,
          entries: [
            ...(previous.load === load && before !== null ? (previous.entries ?? []) : []),
            ...page.entries,
          ],
          next: page.next,
        }));
      })
      .catch((error: unknown) => {
        if (current) setFailure(error instanceof Error ? error.message : String(error));
      });
    return () => {
      current = false;
    };
  }, [load, before]);

  const shown = state.load === load ? state : { entries: null, next: null };
  const more = useCallback(() => {
    if (shown.next !== null) setCursor({ load, before: shown.next });
  }, [load, shown.next]);
  return { entries: shown.entries, hasMore: shown.next !== null, failure, more };
}
