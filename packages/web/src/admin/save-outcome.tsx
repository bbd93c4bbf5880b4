import { useTranslation } from 'react-i18next';
import type { Save } from './use-save.js';

/** What the last save came to: the server's refusal, or a note that it was saved. */
export function SaveOutcome({ save }: { readonly save: Save }) {
  const { t } = useTranslation();
  if (save.failure) return <p role="alert">{t('admin.saveFailed', { reason: save.failure })}</p>;
  if (save.done) return <p role="status">{save.done}</p>;
  return null;
}
