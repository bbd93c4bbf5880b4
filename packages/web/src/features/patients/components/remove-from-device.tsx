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
  const { engine } = useDevice();
  const online = useOnline();
  const { data: presence } = useDevicePresence([id]);
  if (!presence?.followed.has(id)) return null;
  if (!online) {
    return (
      <span className="actions">
        <button type="button" className="danger" disabled aria-describedby="remove-offline">
          Remove from this device
        </button>
        <span id="remove-offline" className="muted">
          Needs a connection
        </span>
      </span>
    );
  }
  return (
    <ConfirmButton
      label="Remove from this device"
      question={`Remove ${name} from this device? Their chart stays on the server and in their clinics.`}
      confirmLabel="Remove from this device"
      onConfirm={() => removeFromDevice(engine, id, syncNow)}
    />
  );
}
