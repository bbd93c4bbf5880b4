import { useTranslation } from 'react-i18next';
import { ConfirmButton } from '../../../components/confirm-button.js';
import { useOnline } from '../../../hooks/use-online.js';
import { useDevice } from '../../../lib/device-context.js';
import { removeFromDevice } from '../api/follow-patient.js';
import { useDevicePresence } from '../hooks/use-device-presence.js';

/**
 * "Remove from this device", for a patient this device added from the
 * organisation search; it needs a connection.
 */
export function RemoveFromDevice({
  id,
  name,
  syncNow,
}: {
  readonly id: string;
  readonly name: string;
  readonly syncNow: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const { engine } = useDevice();
  const online = useOnline();
  const { data: presence } = useDevicePresence([id]);
  if (!presence?.followed.has(id)) return null;
  if (!online) {
    return (
      <span className="actions">
        <button type="button" className="danger" disabled aria-describedby="remove-offline">
          {t('organisation.remove')}
        </button>
        <span id="remove-offline" className="muted">
          {t('common.needsConnection')}
        </span>
      </span>
    );
  }
  return (
    <ConfirmButton
      label={t('organisation.remove')}
      question={t('organisation.removeQuestion', { name })}
      confirmLabel={t('organisation.remove')}
      onConfirm={() => removeFromDevice(engine, id, syncNow)}
    />
  );
}
