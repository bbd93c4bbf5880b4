import { useEffect, useState } from 'react';

/** The console's pages, addressed by the hash under `/admin`. */
export const adminPages = [
  'clinics',
  'users',
  'conflicts',
  'syncLog',
  'accessLog',
  'exports',
  'forms',
] as const;
export type AdminPage = (typeof adminPages)[number];

/** Whether this page load is the console's (`/admin`, `/admin/`), not the clinician app's. */
export function isAdminPath(pathname: string = window.location.pathname): boolean {
  return /^\/admin\/?$/.test(pathname);
}

/** A console page, and the user it shows (`#/users/<id>`), or null. */
export interface AdminLocation {
  readonly page: AdminPage;
  readonly userId: string | null;
}

export function parseAdminLocation(hash: string): AdminLocation {
  const [name, id] = hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  const page = adminPages.find((known) => known === name) ?? 'clinics';
  return { page, userId: page === 'users' && id ? id : null };
}

export function adminPageHref(page: AdminPage): string {
  return `/admin#/${page}`;
}

export function adminUserHref(id: string): string {
  return `/admin#/users/${encodeURIComponent(id)}`;
}

/** The console page the hash names; follows the hash. */
export function useAdminLocation(): AdminLocation {
  const [location, setLocation] = useState(() => parseAdminLocation(window.location.hash));
  useEffect(() => {
    const onChange = () => setLocation(parseAdminLocation(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return location;
}
