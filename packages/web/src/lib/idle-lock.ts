/**
 * The idle lock: after this long with no touch, click, key or scroll in any
 * tab of the app, the local data is hidden behind sign-in. A setting of the
 * device (shared tablets want it short); kiosks and tests may store any
 * number of milliseconds under `clinicsync.idleLockMs`.
 */
export const idleLockChoicesMinutes = [1, 2, 5, 10, 15, 30, 60] as const;
export const defaultIdleLockMs = 10 * 60_000;

const settingKey = 'clinicsync.idleLockMs';
const activityKey = 'clinicsync.lastActivity';
// Writing the time of every keystroke to storage would be waste: once a second is plenty.
const activityWriteEveryMs = 1000;

export function loadIdleLockMs(): number {
  const value = Number(localStorage.getItem(settingKey));
  return Number.isFinite(value) && value > 0 ? value : defaultIdleLockMs;
}

export function saveIdleLockMs(ms: number): void {
  localStorage.setItem(settingKey, String(ms));
}

/** The last time anyone used the app in this browser (any tab), or null. */
export function lastActivity(): number | null {
  const value = Number(localStorage.getItem(activityKey));
  return Number.isFinite(value) && value > 0 ? value : null;
}

export function recordActivity(now = Date.now()): void {
  localStorage.setItem(activityKey, String(now));
}

/**
 * Calls `onIdle` once nobody has used the app in any tab for the idle time
 * (the setting as it is at each check, so a change applies at once; checked
 * when due, and when the page is shown again: a tablet that slept locks as
 * it wakes). Returns the stop.
 */
export function watchIdle(onIdle: () => void): () => void {
  let written = 0;
  let timer: number | undefined;
  const onUse = () => {
    const now = Date.now();
    if (now - written < activityWriteEveryMs) return;
    written = now;
    recordActivity(now);
  };
  const check = () => {
    window.clearTimeout(timer);
    const idleMs = loadIdleLockMs();
    const idleFor = Date.now() - (lastActivity() ?? Date.now());
    if (idleFor >= idleMs) {
      onIdle();
      return;
    }
    timer = window.setTimeout(check, idleMs - idleFor);
  };
  const onVisible = () => {
    if (document.visibilityState === 'visible') check();
  };
  const events = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;
  for (const name of events) window.addEventListener(name, onUse, { passive: true, capture: true });
  document.addEventListener('visibilitychange', onVisible);
  check();
  return () => {
    window.clearTimeout(timer);
    for (const name of events) window.removeEventListener(name, onUse, { capture: true });
    document.removeEventListener('visibilitychange', onVisible);
  };
}
