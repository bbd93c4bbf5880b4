import { isClinicSyncError } from '@clinicsync/client';
import type { RejectedRecord, SyncProgress } from '@clinicsync/client';
import { i18n } from '../../../i18n/i18n.js';
import type { Device } from '../../../lib/device.js';
import { loadLastSynced, saveLastSynced } from '../../../lib/device.js';

export interface SyncState {
  readonly online: boolean;
  readonly syncing: boolean;
  readonly progress: SyncProgress | null;
  /** Epoch ms of the last sync that finished, or null. */
  readonly lastSyncedAt: number | null;
  /** The last sync's failure, in words, or null. */
  readonly error: string | null;
  /** Records the server refused in the last sync, each with the server's reason. */
  readonly rejected: readonly RejectedRecord[];
  /** Patients the last sync took off this device (out of the user's clinics now, or deleted). */
  readonly departed: readonly string[];
}

const everyMs = 3 * 60_000;

/** The failure in words, in the language shown when it happened. */
function describe(error: unknown): string {
  if (isClinicSyncError(error)) {
    if (error.code === 'unauthorized') {
      return i18n.t('sync.signInRefused');
    }
    if (error.code === 'network') {
      return i18n.t('sync.unreachable');
    }
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs the device's syncs: on start, when the browser comes back online,
 * every few minutes and on demand; and keeps what a sync bar shows.
 */
export class SyncController {
  private latest: SyncState;
  private readonly listeners = new Set<(state: SyncState) => void>();
  private readonly stops: (() => void)[] = [];

  /**
   * `onSignInRefused`: the server answered 401 to the session's token
   * (expired, revoked, or the account disabled); the app locks.
   */
  constructor(
    private readonly device: Device,
    private readonly onSignInRefused: () => void = () => undefined,
  ) {
    this.latest = {
      online: navigator.onLine,
      syncing: false,
      progress: null,
      lastSyncedAt: loadLastSynced(device.session),
      error: null,
      rejected: [],
      departed: [],
    };
  }

  /** What a sync bar shows now; a new object after every change. */
  get state(): SyncState {
    return this.latest;
  }

  subscribe(listener: (state: SyncState) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  private set(change: Partial<SyncState>): void {
    this.latest = { ...this.latest, ...change };
    for (const listener of this.listeners) listener(this.latest);
  }

  start(): void {
    const onOnline = () => {
      this.set({ online: true });
      void this.syncNow();
    };
    const onOffline = () => this.set({ online: false });
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);
    const timer = window.setInterval(() => void this.syncNow(), everyMs);
    const stopProgress = this.device.engine.onProgress((progress) => this.set({ progress }));
    this.stops.push(
      () => window.removeEventListener('online', onOnline),
      () => window.removeEventListener('offline', onOffline),
      () => window.clearInterval(timer),
      stopProgress,
    );
    void this.syncNow();
  }

  stop(): void {
    for (const stop of this.stops.splice(0)) stop();
  }

  /** Syncs now unless offline; never throws (the failure goes to `error`). */
  async syncNow(): Promise<void> {
    if (!navigator.onLine) {
      this.set({ online: false });
      return;
    }
    this.set({ syncing: true, progress: null, online: true });
    try {
      const report = await this.device.engine.sync();
      const now = Date.now();
      saveLastSynced(this.device.session, now);
      this.set({
        lastSyncedAt: now,
        error: null,
        rejected: report.rejected,
        departed: report.departedPatients,
      });
    } catch (error) {
      this.set({ error: describe(error) });
      if (isClinicSyncError(error) && error.code === 'unauthorized') this.onSignInRefused();
    } finally {
      this.set({ syncing: this.device.engine.syncing, progress: null });
    }
  }
}
