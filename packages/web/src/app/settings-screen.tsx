import { useTranslation } from 'react-i18next';
import { LanguageMenu } from '../components/language-menu.js';
import { idleLockChoicesMinutes } from '../lib/idle-lock.js';
import { lockSession } from '../lib/session.js';
import { useDevice } from '../lib/device-context.js';

/** A lock time in whole minutes, or to the hundredth when set by hand in milliseconds. */
function minutesOf(ms: number): number {
  const n = ms / 60_000;
  return Number.isInteger(n) ? n : Number(n.toFixed(2));
}

/** Settings of this device: the language, the idle lock, where the records are kept, lock now. */
export function SettingsScreen({
  idleLockMs,
  onIdleLockChange,
}: {
  readonly idleLockMs: number;
  readonly onIdleLockChange: (ms: number) => void;
}) {
  const { t } = useTranslation();
  const { storage } = useDevice();
  const choices = idleLockChoicesMinutes.map((m) => m * 60_000);
  const options = choices.includes(idleLockMs) ? choices : [idleLockMs, ...choices];
  return (
    <section aria-labelledby="settings-title">
      <h2 id="settings-title">{t('settings.title')}</h2>
      <LanguageMenu hint={t('settings.languageExplain')} />
      <div className="field">
        <label htmlFor="idle-lock">{t('settings.idleLock')}</label>
        <select
          id="idle-lock"
          value={idleLockMs}
          onChange={(e) => onIdleLockChange(Number(e.target.value))}
        >
          {options.map((ms) => (
            <option key={ms} value={ms}>
              {t('settings.minutes', { count: minutesOf(ms) })}
            </option>
          ))}
        </select>
        <p className="muted">{t('settings.idleLockExplain')}</p>
      </div>
      <p data-testid="storage-kind">
        {storage.storage === 'opfs' ? t('settings.storageOpfs') : t('settings.storageMemory')}
      </p>
      <button type="button" className="secondary" onClick={() => lockSession('idle')}>
        {t('settings.lockNow')}
      </button>
    </section>
  );
}
