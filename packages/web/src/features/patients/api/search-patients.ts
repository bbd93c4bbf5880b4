import type { LocalStore, RecordOf } from '@clinicsync/client';

export type Patient = RecordOf<'patients'>;

/**
 * Patients whose name or phone starts with each word of `text`, or whose id
 * is `text` (an indexed prefix search); the latest changed ones for no text.
 */
export function searchPatients(store: LocalStore, text: string, limit = 50): Promise<Patient[]> {
  if (text.trim() === '') {
    return store.query('patients', {
      orderBy: [{ column: 'updated_at', direction: 'desc' }],
      limit,
    });
  }
  return store.searchPatients(text, { limit });
}
