import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Session } from '../lib/session.js';
import { removeFromClinic } from './admin-api.js';
import { SaveOutcome } from './save-outcome.js';
import { useSave } from './use-save.js';

/**
 * Removes a user from one clinic after a confirmation in the page (not a
 * browser dialog, so it reads in the chosen language and direction); the
 * confirmation takes the focus, and cancelling gives it back. The page says
 * it was done (`onRemoved`), as this control leaves with the clinic.
 */
export function RemoveMembership({
  session,
  userId,
  userName,
  clinicId,
  clinicName,
  onRemoved,
}: {
  readonly session: Session;
  readonly userId: string;
  readonly userName: string;
  readonly clinicId: string;
  readonly clinicName: string;
  readonly onRemoved: () => void;
}) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const save = useSave();
  const confirmButton = useRef<HTMLButtonElement>(null);
  const removeButton = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);
  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
    else if (wasConfirming.current) removeButton.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);

  if (!confirming) {
    return (
      <div className="actions">
        <button
          ref={removeButton}
          type="button"
          className="secondary"
          onClick={() => setConfirming(true)}
        >
          {t('admin.membership.remove', { clinic: clinicName })}
        </button>
        <SaveOutcome save={save} />
      </div>
    );
  }
  return (
    <div role="group" aria-label={t('admin.membership.confirmLabel', { clinic: clinicName })}>
      <p>{t('admin.membership.confirm', { user: userName, clinic: clinicName })}</p>
      <div className="actions">
        <button
          ref={confirmButton}
          type="button"
          disabled={save.busy}
          onClick={() =>
            // No note of its own (''): the page says it, as this control leaves with the clinic.
            save.run(async () => {
              await removeFromClinic(session, userId, clinicId);
              onRemoved();
            }, '')
          }
        >
          {t('admin.membership.confirmRemove')}
        </button>
        <button
          type="button"
          className="secondary"
          disabled={save.busy}
          onClick={() => setConfirming(false)}
        >
          {t('admin.membership.cancel')}
        </button>
      </div>
      <SaveOutcome save={save} />
    </div>
  );
}
