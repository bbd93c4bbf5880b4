import { useState } from 'react';

/** A save in progress, its failure (the server's message) and its success note. */
export interface Save {
  readonly busy: boolean;
  readonly failure: string | null;
  readonly done: string | null;
  readonly run: (save: () => Promise<void>, done: string) => void;
}

/**
 * Runs one save at a time and keeps what happened to the last one, so a
 * form can show the server's refusal as sent or say it was saved.
 */
export function useSave(): Save {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const run = (save: () => Promise<void>, doneText: string) => {
    setBusy(true);
    setFailure(null);
    setDone(null);
    save()
      .then(() => setDone(doneText))
      .catch((error: unknown) => setFailure(error instanceof Error ? error.message : String(error)))
      .finally(() => setBusy(false));
  };
  return { busy, failure, done, run };
}
