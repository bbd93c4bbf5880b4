import { useEffect, useState } from 'react';

/** The app's screens, addressed by the URL hash so the service worker serves one page. */
export type Route =
  | { readonly name: 'patients'; readonly search?: string }
  | { readonly name: 'register' }
  | { readonly name: 'patient'; readonly id: string }
  | { readonly name: 'edit-patient'; readonly id: string }
  | { readonly name: 'new-visit'; readonly id: string }
  | { readonly name: 'settings' };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  if (parts[0] === 'register') return { name: 'register' };
  if (parts[0] === 'settings') return { name: 'settings' };
  if (parts[0] === 'search' && parts[1]) return { name: 'patients', search: parts[1] };
  if (parts[0] === 'patients' && parts[1]) {
    if (parts[2] === 'edit') return { name: 'edit-patient', id: parts[1] };
    if (parts[2] === 'visit') return { name: 'new-visit', id: parts[1] };
    return { name: 'patient', id: parts[1] };
  }
  return { name: 'patients' };
}

export function routeHref(route: Route): string {
  switch (route.name) {
    case 'patients':
      return route.search ? `#/search/${encodeURIComponent(route.search)}` : '#/';
    case 'register':
      return '#/register';
    case 'patient':
      return `#/patients/${encodeURIComponent(route.id)}`;
    case 'edit-patient':
      return `#/patients/${encodeURIComponent(route.id)}/edit`;
    case 'new-visit':
      return `#/patients/${encodeURIComponent(route.id)}/visit`;
    case 'settings':
      return '#/settings';
  }
}

export function navigate(route: Route): void {
  window.location.hash = routeHref(route);
}

/** The current route; follows the hash. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
