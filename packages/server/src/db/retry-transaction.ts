/**
 * PostgreSQL's serialization failure and deadlock: the transaction was
 * rolled back having done nothing, so running it again is safe.
 */
const retryableCodes = new Set(['40001', '40P01']);

/**
 * Runs `work` (a whole transaction) again when PostgreSQL aborted it as a
 * serialization failure or a deadlock victim, up to `attempts` times in all,
 * after a short random pause so two retrying writers do not meet again.
 * Any other error, or the last attempt's, is thrown.
 *
 * @example
 * const result = await retryTransaction(() => db.transaction((tx) => writeChanges(tx, changes, actor)));
 */
export async function retryTransaction<T>(work: () => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (attempt >= attempts || typeof code !== 'string' || !retryableCodes.has(code)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10 * attempt * Math.random()));
    }
  }
}
