import { signIn } from '../sync/sign-in.js';
import type { HttpClient } from '../sync/http-client.js';
import type { SyncAuth } from '../sync/sync-types.js';

/** The credentials of the calls beside the sync, which take only a token. */
export interface BearerAuth {
  /** A bearer token: the engine's own, or one signed in for from its email and password. */
  auth(): Promise<SyncAuth | null>;
  /** Whether `auth()` signed in, so a refused token may be renewed by signing in again. */
  readonly signedIn: boolean;
  /** Drops the token made by signing in; the next `auth()` signs in again. */
  forget(): void;
}

/**
 * Bearer credentials from the engine's auth. Only the sync endpoint takes
 * Basic credentials (PROTOCOL.md, "Authentication"), so an engine set up
 * with an email and password signs in once for the other calls and keeps
 * the token in memory.
 */
export function bearerAuth(client: () => HttpClient): BearerAuth {
  let made: { key: string; token: Promise<string> } | null = null;
  return {
    async auth() {
      const { auth, serverUrl, fetch } = client();
      const current = typeof auth === 'function' ? await auth() : auth;
      if (!current || current.type === 'bearer') return current;
      const key = `${serverUrl}\u0000${current.email}\u0000${current.password}`;
      if (made?.key !== key) {
        const token = signIn(serverUrl, current.email, current.password, { fetch }).then(
          (answer) => answer.token,
        );
        made = { key, token };
        token.catch(() => {
          if (made?.token === token) made = null;
        });
      }
      return { type: 'bearer', token: await made.token };
    },
    get signedIn() {
      return made !== null;
    },
    forget() {
      made = null;
    },
  };
}
