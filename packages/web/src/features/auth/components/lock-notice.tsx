import { useTranslation } from 'react-i18next';
import type { LockReason, Session } from '../../../lib/session.js';

const reasons = {
  idle: 'lock.idle',
  expired: 'lock.expired',
  refused: 'lock.refused',
} as const satisfies Record<LockReason, string>;

/** Why the records are hidden, and whose they are. */
export function LockNotice({
  session,
  reason,
}: {
  readonly session: Session;
  readonly reason: LockReason;
}) {
  const { t } = useTranslation();
  return (
    <div role="status" className="warning" data-testid="lock-notice">
      <p>{t(reasons[reason])}</p>
      <p>
        {t('lock.recordsStay', { name: session.user.name })}
        {reason === 'idle' ? ` ${t('lock.worksOffline')}` : ''}
      </p>
    </div>
  );
}
