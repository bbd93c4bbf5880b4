import { createHash } from 'node:crypto';
import type { Queryable } from '../db/database.js';
import { AppError } from '../errors.js';
import type { FailureLimiter } from './failure-limiter.js';
import { verifyPassword } from './passwords.js';
import { hashToken } from './tokens.js';
import { findUserByEmail, findUserByTokenHash, publicUser } from './users.js';
import type { AuthUser } from './users.js';

/** How long a verified Basic credential skips the password hash. */
const basicCacheMs = 60_000;

/**
 * Resolves the `Authorization` header to a user. Bearer tokens are looked up
 * by hash; Basic credentials (what the Hikma app sends on every request) are
 * verified with argon2 once, then remembered briefly by a hash of the
 * credential together with the stored password hash, so a password change or
 * a disabled account takes effect at once.
 */
export class Authenticator {
  private readonly verifiedBasic = new Map<string, { passwordHash: string; until: number }>();

  constructor(
    private readonly db: Queryable,
    private readonly limiter: FailureLimiter,
  ) {}

  async authenticate(
    authorization: string | undefined,
    clientKey: string,
    options: { allowBasic: boolean },
  ): Promise<AuthUser> {
    this.limiter.check(clientKey);
    const user = await this.resolve(authorization, options.allowBasic);
    if (!user) {
      this.limiter.recordFailure(clientKey);
      throw new AppError(
        'unauthorized',
        authorization
          ? 'The credentials are not valid.'
          : 'Sign in first: this call needs credentials.',
      );
    }
    return user;
  }

  /** Checks an email and password (sign-in, Basic auth). */
  async verifyCredentials(email: string, password: string): Promise<AuthUser | undefined> {
    const user = await findUserByEmail(this.db, email);
    if (!user || user.disabled) return undefined;
    const key = createHash('sha256')
      .update(`${email.toLowerCase()}\u0000${password}`)
      .digest('hex');
    const cached = this.verifiedBasic.get(key);
    const now = Date.now();
    if (cached && cached.until > now && cached.passwordHash === user.passwordHash) {
      return publicUser(user);
    }
    if (!(await verifyPassword(user.passwordHash, password))) return undefined;
    this.verifiedBasic.set(key, { passwordHash: user.passwordHash, until: now + basicCacheMs });
    if (this.verifiedBasic.size > 10_000) this.verifiedBasic.clear();
    return publicUser(user);
  }

  private async resolve(authorization: string | undefined, allowBasic: boolean) {
    if (!authorization) return undefined;
    const [scheme, value] = authorization.split(' ', 2);
    if (!value) return undefined;
    if (scheme?.toLowerCase() === 'bearer') {
      const user = await findUserByTokenHash(this.db, hashToken(value.trim()));
      return user && !user.disabled ? publicUser(user) : undefined;
    }
    if (scheme?.toLowerCase() === 'basic' && allowBasic) {
      const decoded = Buffer.from(value.trim(), 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon <= 0) return undefined;
      return this.verifyCredentials(decoded.slice(0, colon), decoded.slice(colon + 1));
    }
    return undefined;
  }
}
