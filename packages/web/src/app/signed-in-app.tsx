import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { adminPageHref } from '../admin/admin-route.js';
import { canAdminister } from '../admin/can-administer.js';
import { PatientForm } from '../features/patients/components/patient-form.js';
import { PatientList } from '../features/patients/components/patient-list.js';
import { SyncController } from '../features/sync/api/sync-controller.js';
import { SyncBar } from '../features/sync/components/sync-bar.js';
import {
  SyncControllerContext,
  useSyncController,
} from '../features/sync/hooks/use-sync-controller.js';
import { NewVisitForm } from '../features/visits/components/new-visit-form.js';
import { openDevice } from '../lib/device.js';
import type { Device } from '../lib/device.js';
import { DeviceContext } from '../lib/device-context.js';
import type { Session } from '../lib/session.js';
import { countPending } from '../features/sync/api/count-pending.js';
import { EditPatientScreen } from './edit-patient-screen.js';
import { PatientScreen } from './patient-screen.js';
import { SettingsScreen } from './settings-screen.js';
import { SignOutPanel } from './sign-out-panel.js';
import { navigate, routeHref, useRoute } from './router.js';
import type { Route } from './router.js';

interface IdleLockSetting {
  readonly idleLockMs: number;
  readonly onIdleLockChange: (ms: number) => void;
}

function Screen({
  route,
  settings,
}: {
  readonly route: Route;
  readonly settings: IdleLockSetting;
}) {
  const { t } = useTranslation();
  const controller = useSyncController();
  switch (route.name) {
    case 'settings':
      return <SettingsScreen {...settings} />;
    case 'patients':
      return (
        <PatientList
          key={route.search ?? ''}
          initialText={route.search ?? ''}
          patientHref={(id) => routeHref({ name: 'patient', id })}
          registerHref={routeHref({ name: 'register' })}
          syncNow={() => controller.syncNow()}
          onOpen={(id) => navigate({ name: 'patient', id })}
        />
      );
    case 'register':
      return (
        <section aria-labelledby="register-title">
          <h2 id="register-title">{t('app.registerTitle')}</h2>
          <PatientForm
            onSaved={(patient) => navigate({ name: 'patient', id: patient.id })}
            onCancel={() => navigate({ name: 'patients' })}
          />
        </section>
      );
    // Keyed by patient, so another patient's screen starts afresh (no stale record shown).
    case 'patient':
      return <PatientScreen key={route.id} id={route.id} />;
    case 'edit-patient':
      return <EditPatientScreen key={route.id} id={route.id} />;
    case 'new-visit':
      return (
        <section aria-labelledby="visit-title">
          <h2 id="visit-title">{t('app.newVisitTitle')}</h2>
          <NewVisitForm
            key={route.id}
            patientId={route.id}
            onSaved={() => navigate({ name: 'patient', id: route.id })}
            onCancel={() => navigate({ name: 'patient', id: route.id })}
          />
        </section>
      );
  }
}

/**
 * Opens the user's local database, starts syncing, and shows the screens.
 * Unmounted (locked, signed out), it stops syncing and closes the database.
 */
export function SignedInApp({
  session,
  onSignOut,
  onSignInRefused,
  settings,
}: {
  readonly session: Session;
  /** Called once the person chose to sign out (pending changes sent, or deleted on purpose). */
  readonly onSignOut: () => void;
  /** The server refused the token: the app locks. */
  readonly onSignInRefused: () => void;
  readonly settings: IdleLockSetting;
}) {
  const { t } = useTranslation();
  const [device, setDevice] = useState<Device | null>(null);
  const [controller, setController] = useState<SyncController | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [signingOut, setSigningOut] = useState<number | null>(null);
  const route = useRoute();
  const main = useRef<HTMLElement>(null);
  const refused = useRef(onSignInRefused);
  useEffect(() => {
    refused.current = onSignInRefused;
  }, [onSignInRefused]);

  useEffect(() => {
    let opened: Device | null = null;
    let sync: SyncController | null = null;
    let cancelled = false;
    openDevice(session)
      .then((d) => {
        if (cancelled) {
          void d.store.close();
          return;
        }
        opened = d;
        sync = new SyncController(d, () => refused.current());
        sync.start();
        setDevice(d);
        setController(sync);
      })
      .catch((e: unknown) => setFailure(e instanceof Error ? e.message : String(e)));
    return () => {
      cancelled = true;
      sync?.stop();
      void opened?.store.close();
    };
  }, [session]);

  // Move focus to the new screen's content, as a page load would.
  useEffect(() => {
    main.current?.focus();
  }, [route]);

  if (failure) return <p role="alert">{t('app.openFailed', { reason: failure })}</p>;
  if (!device || !controller) return <p role="status">{t('app.opening')}</p>;
  return (
    <DeviceContext.Provider value={device}>
      <SyncControllerContext.Provider value={controller}>
        <header className="app-header">
          <a className="brand" href={routeHref({ name: 'patients' })}>
            ClinicSync
          </a>
          <span className="muted">{device.session.user.name}</span>
          <a href={routeHref({ name: 'settings' })}>{t('app.settings')}</a>
          {canAdminister(session) ? (
            <a href={adminPageHref('clinics')}>{t('app.adminConsole')}</a>
          ) : null}
          <button
            type="button"
            className="secondary"
            disabled={signingOut !== null}
            onClick={() => void countPending(device.store).then(setSigningOut)}
          >
            {t('app.signOut')}
          </button>
        </header>
        <SyncBar controller={controller} />
        {device.storage.warning ? (
          <p role="alert" className="warning">
            {device.storage.warning}
          </p>
        ) : null}
        <main ref={main} tabIndex={-1}>
          {signingOut !== null ? (
            <SignOutPanel
              device={device}
              controller={controller}
              pending={signingOut}
              onSignOut={onSignOut}
              onCancel={() => setSigningOut(null)}
            />
          ) : (
            <Screen route={route} settings={settings} />
          )}
        </main>
      </SyncControllerContext.Provider>
    </DeviceContext.Provider>
  );
}
