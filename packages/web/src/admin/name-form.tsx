import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * One name field and its button (a new clinic, a clinic's new name). A
 * refused save shows the server's message and keeps what was typed.
 */
export function NameForm({
  label,
  initial,
  submitLabel,
  save,
  onCancel,
}: {
  readonly label: string;
  readonly initial: string;
  readonly submitLabel: string;
  readonly save: (name: string) => Promise<void>;
  readonly onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [name, setName] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    save(name.trim())
      .catch((error: unknown) => setFailure(error instanceof Error ? error.message : String(error)))
      .finally(() => setBusy(false));
  };
  return (
    <form className="inline-form" onSubmit={onSubmit}>
      <label htmlFor={id}>{label}</label>
      <input id={id} value={name} required onChange={(event) => setName(event.target.value)} />
      <button type="submit" disabled={busy}>
        {submitLabel}
      </button>
      {onCancel ? (
        <button type="button" className="secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      ) : null}
      {failure ? <p role="alert">{t('admin.saveFailed', { reason: failure })}</p> : null}
    </form>
  );
}
