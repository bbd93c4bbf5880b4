import type { TableName } from '@clinicsync/schema';
import type { ChangeNotifier } from './change-notifier.js';

/**
 * Runs `run` now and again after every committed change to `tables`, and
 * hands the result to `listener` when it differs from the last one. Runs
 * never overlap: changes that arrive during a run cause one more run after
 * it. A sync's pull is heard once, when it ends (a first sync of 43 pages
 * re-reads twice, not 43 times); writes made on the device meanwhile are
 * heard at once.
 */
export function observeQuery<R>(
  notifier: ChangeNotifier,
  tables: readonly TableName[],
  run: () => Promise<R>,
  listener: (result: R) => void,
  onError: (error: unknown) => void,
): () => void {
  let active = true;
  let running = false;
  let again = false;
  let last: string | undefined;

  const refresh = async (): Promise<void> => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        const result = await run();
        const key = JSON.stringify(result);
        if (active && key !== last) {
          last = key;
          listener(result);
        }
      } while (again && active);
    } catch (error) {
      if (active) onError(error);
    } finally {
      running = false;
    }
  };

  const unsubscribe = notifier.subscribe(tables, () => void refresh(), { settled: true });
  void refresh();
  return () => {
    active = false;
    unsubscribe();
  };
}
