import type { LockReason, Session } from '../../../lib/session.js';

const reasons: Record<LockReason, string> = {
  idle: 'Locked because the app was not used for a while.',
  expired: 'Your sign-in has expired.',
  refused:
    'The server no longer accepts this sign-in (signed out elsewhere, password changed, or account disabled).',
};

/** Why the records are hidden, and whose they are. */
export function LockNotice({
  session,
  reason,
}: {
  readonly session: Session;
  readonly reason: LockReason;
}) {
  return (
    <div role="status" className="warning" data-testid="lock-notice">
      <p>{reasons[reason]}</p>
      <p>
        The records on this device stay here, hidden until {session.user.name} signs in again.
        {reason === 'idle' ? ' The password works offline too.' : ''}
      </p>
    </div>
  );
}
