import type { LookedUpPatient, SyncEngine } from '@clinicsync/client';

export type FoundPatient = LookedUpPatient;

/** Patients of the whole organisation matching `text` (online; written to the server's access log). */
export function lookupPatients(engine: SyncEngine, text: string): Promise<FoundPatient[]> {
  return engine.lookupPatients(text, { limit: 20 });
}
