import { useEffect, useState } from 'react';

/** The console's pages, addressed by the hash under `/admin`. */
export const adminPages = ['clinics', 'users'] as const;
export type AdminPage = (typeof adminPages)[number];

/** Whether this page load is the console's (`/admin`, `/admin/`), not the clinician app's. */
export function isAdminPath(pathname: string = window.location.pathname): boolean {
  return /^\/admin\/?$/.test(pathname);
}

export function parseAdminPage(hash: string): AdminPage {
  const name = hash.replace(/^#\/?/, '');
  return adminPages.find((page) => page === name) ?? 'clinics';
}

export function adminPageHref(page: AdminPage): string {
  return `/admin#/${page}`;
}

/** The console page the hash names; follows the hash. */
export function useAdminPage(): AdminPage {
  const [page, setPage] = useState(() => parseAdminPage(window.location.hash));
  useEffect(() => {
    const onChange = () => setPage(parseAdminPage(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return page;
}
