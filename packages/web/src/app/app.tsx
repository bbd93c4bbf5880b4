import { useState } from 'react';
import { SignInScreen } from '../features/auth/components/sign-in-screen.js';
import { clearSession, loadSession } from '../lib/session.js';
import type { Session } from '../lib/session.js';
import { SignedInApp } from './signed-in-app.js';

/** Signed in (remembered, so it opens offline) or the sign-in screen. */
export function App() {
  const [session, setSession] = useState<Session | null>(loadSession);
  if (!session) return <SignInScreen onSignedIn={setSession} />;
  return (
    <SignedInApp
      key={session.user.id}
      session={session}
      onSignOut={() => {
        clearSession();
        setSession(null);
      }}
    />
  );
}
