import { idleLockChoicesMinutes } from '../lib/idle-lock.js';
import { lockSession } from '../lib/session.js';
import { useDevice } from '../lib/device-context.js';

function minutes(ms: number): string {
  const n = ms / 60_000;
  return n === 1 ? '1 minute' : `${Number.isInteger(n) ? n : n.toFixed(2)} minutes`;
}

/** Settings of this device: the idle lock, where the records are kept, lock now. */
export function SettingsScreen({
  idleLockMs,
  onIdleLockChange,
}: {
  readonly idleLockMs: number;
  readonly onIdleLockChange: (ms: number) => void;
}) {
  const { storage } = useDevice();
  const choices = idleLockChoicesMinutes.map((m) => m * 60_000);
  const options = choices.includes(idleLockMs) ? choices : [idleLockMs, ...choices];
  return (
    <section aria-labelledby="settings-title">
      <h2 id="settings-title">This device</h2>
      <div className="field">
        <label htmlFor="idle-lock">Lock after no use for</label>
        <select
          id="idle-lock"
          value={idleLockMs}
          onChange={(e) => onIdleLockChange(Number(e.target.value))}
        >
          {options.map((ms) => (
            <option key={ms} value={ms}>
              {minutes(ms)}
            </option>
          ))}
        </select>
        <p className="muted">
          Locking hides the records until you sign in again; nothing on the device is deleted. It
          applies to every tab of the app in this browser.
        </p>
      </div>
      <p data-testid="storage-kind">
        {storage.storage === 'opfs'
          ? 'Records are kept in this browser’s private storage (kept across restarts), one database for every tab of the app.'
          : 'Records are kept in memory only: they are lost when the app closes.'}
      </p>
      <button type="button" className="secondary" onClick={() => lockSession('idle')}>
        Lock now
      </button>
    </section>
  );
}
