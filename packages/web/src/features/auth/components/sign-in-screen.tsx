import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageMenu } from '../../../components/language-menu.js';
import type { LockReason, Session } from '../../../lib/session.js';
import { signInUser } from '../api/sign-in-user.js';
import { unlocksLocally } from '../api/unlock-locally.js';
import { LockNotice } from './lock-notice.js';

/**
 * Sign in; or, over a locked session, sign in again to open it (an idle
 * lock opens offline with the same password). Another user may sign in
 * here too: the app then deals with the first user's records.
 */
export function SignInScreen({
  locked,
  notice,
  onSignedIn,
  onUnlocked,
}: {
  readonly locked?: { readonly session: Session; readonly reason: LockReason };
  /** What happened before (e.g. how the last sign-out went), or null. */
  readonly notice?: string | null;
  readonly onSignedIn: (session: Session) => void;
  /** The locked session's own user proved who they are without the server. */
  readonly onUnlocked?: () => void;
}) {
  const { t } = useTranslation();
  const [email, setEmail] = useState(locked?.session.user.email ?? '');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (locked && (await unlocksLocally(locked.session, locked.reason, email, password))) {
        onUnlocked?.();
        return;
      }
      onSignedIn(await signInUser(email, password));
    } catch (e) {
      const offline = !navigator.onLine;
      setError(
        offline
          ? locked?.reason === 'idle'
            ? t('signIn.offlineWrongPassword')
            : t('signIn.offline')
          : e instanceof Error
            ? e.message
            : String(e),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="sign-in">
      <h1>ClinicSync</h1>
      {locked ? <LockNotice session={locked.session} reason={locked.reason} /> : null}
      {notice ? (
        <p role="status" className="muted" data-testid="sign-in-notice">
          {notice}
        </p>
      ) : null}
      <form onSubmit={(e) => void submit(e)} aria-describedby={error ? 'sign-in-error' : undefined}>
        <div className="field">
          <label htmlFor="email">{t('signIn.email')}</label>
          <input
            id="email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="password">{t('signIn.password')}</label>
          <input
            id="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        {error ? (
          <p id="sign-in-error" role="alert" className="field-error">
            {error}
          </p>
        ) : null}
        <button type="submit" disabled={busy}>
          {busy ? t('signIn.submitting') : t('signIn.submit')}
        </button>
      </form>
      <LanguageMenu />
    </main>
  );
}
