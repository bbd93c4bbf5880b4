import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../db/database.js';
import { AppError } from '../errors.js';
import { FailureLimiter } from './failure-limiter.js';
import type { FailureLimit } from './failure-limiter.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { hashToken } from './tokens.js';
import { findUserByEmail, findUserByTokenHash, publicUser } from './users.js';
import type { AuthUser } from './users.js';

/** How long a verified Basic credential skips the password hash. */
const basicCacheMs = 60_000;

/** Checks a password against a stored hash: argon2 `verifyPassword` unless a test wraps it. */
export type PasswordVerifier = (passwordHash: string, password: string) => Promise<boolean>;

export interface AuthenticatorOptions {
  /**
   * Failed password attempts per email, from any address, whether the
   * account exists or not (default 10 in 15 minutes).
   */
  readonly perAccount?: FailureLimit | undefined;
  readonly verify?: PasswordVerifier | undefined;
}

/**
 * Resolves credentials to a user. Bearer tokens are looked up by hash;
 * passwords (sign-in, and Basic auth, which the Hikma app sends on every
 * request) are verified with argon2 once, then remembered briefly by a hash
 * of the credential together with the stored password hash, so a password
 * change or a disabled account takes effect at once.
 *
 * Every password check costs one argon2 verification whether the email is
 * unknown, the account disabled or the password wrong (an unknown email is
 * checked against a dummy hash made with the same parameters), so the time
 * of an answer does not tell which emails have accounts. Failed attempts
 * are limited per address and per account (429); a valid token is never
 * refused by either limit.
 */
export class Authenticator {
  private readonly verifiedBasic = new Map<string, { passwordHash: string; until: number }>();
  /** Verifications under way, by credential and stored hash: the same check at once runs once. */
  private readonly verifying = new Map<string, Promise<boolean>>();
  private readonly accounts: FailureLimiter;
  private readonly verify: PasswordVerifier;
  /** A hash of a random password nobody knows: what an unknown email is verified against. */
  private readonly dummyHash: Promise<string>;

  /** `addresses` counts failed attempts (password, token or none) per client address. */
  constructor(
    private readonly db: Queryable,
    private readonly addresses: FailureLimiter,
    options: AuthenticatorOptions = {},
  ) {
    this.accounts = new FailureLimiter(options.perAccount ?? { max: 10, windowMs: 15 * 60_000 });
    this.verify = options.verify ?? verifyPassword;
    // Started now, so the first sign-in of an unknown email does not also pay for the hash.
    this.dummyHash = hashPassword(randomBytes(32).toString('base64url'));
    this.dummyHash.catch(() => undefined);
  }

  /** Throws 429 when `clientKey` (the address) is over its limit: checked before a body is read. */
  checkAddress(clientKey: string): void {
    this.addresses.check(clientKey);
  }

  /**
   * The user of an `Authorization` header, else 401 (429 when the address,
   * or for Basic the account, is over its failure limit).
   */
  async authenticate(
    authorization: string | undefined,
    clientKey: string,
    options: { allowBasic: boolean },
  ): Promise<AuthUser> {
    const [scheme, value] = authorization?.split(' ', 2) ?? [];
    const kind = scheme?.toLowerCase();
    if (kind === 'basic' && options.allowBasic && value) {
      const decoded = Buffer.from(value.trim(), 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon > 0) {
        const user = await this.signIn(
          decoded.slice(0, colon),
          decoded.slice(colon + 1),
          clientKey,
        );
        if (user) return user;
        throw new AppError('unauthorized', 'The credentials are not valid.');
      }
    }
    if (kind === 'bearer' && value) {
      // A valid token is served whatever the failure counts: a guesser at
      // the same address or of the same account must not lock its owner out.
      const user = await findUserByTokenHash(this.db, hashToken(value.trim()));
      if (user && !user.disabled) return publicUser(user);
    }
    this.addresses.check(clientKey);
    this.addresses.recordFailure(clientKey);
    throw new AppError(
      'unauthorized',
      authorization
        ? 'The credentials are not valid.'
        : 'Sign in first: this call needs credentials.',
    );
  }

  /**
   * Checks an email and password (sign-in, Basic auth): the user, or
   * undefined (wrong password, unknown email, disabled account) after
   * counting the failure against the address and the account.
   * @throws AppError `too_many_requests` (with `retryAfterSeconds`) when
   * either is over its limit; the password is not checked then.
   */
  async signIn(email: string, password: string, clientKey: string): Promise<AuthUser | undefined> {
    const account = email.trim().toLowerCase();
    this.addresses.check(clientKey);
    this.accounts.check(account);
    const user = await this.verifyCredentials(email, password);
    if (!user) {
      this.addresses.recordFailure(clientKey);
      this.accounts.recordFailure(account);
    }
    return user;
  }

  /** One argon2 verification at most (none when a recent check is remembered), whoever asks. */
  private async verifyCredentials(email: string, password: string): Promise<AuthUser | undefined> {
    const user = await findUserByEmail(this.db, email);
    const key = createHash('sha256')
      .update(`${email.toLowerCase()}\u0000${password}`)
      .digest('hex');
    const now = Date.now();
    if (user && !user.disabled) {
      const cached = this.verifiedBasic.get(key);
      if (cached && cached.until > now && cached.passwordHash === user.passwordHash) {
        return publicUser(user);
      }
    }
    const matches = await this.verifyOnce(
      key,
      user?.passwordHash ?? (await this.dummyHash),
      password,
    );
    if (!user || user.disabled || !matches) return undefined;
    this.verifiedBasic.set(key, { passwordHash: user.passwordHash, until: now + basicCacheMs });
    if (this.verifiedBasic.size > 10_000) this.verifiedBasic.clear();
    return publicUser(user);
  }

  /**
   * A device's first requests (or a clinic's devices sharing a login) arrive
   * together before any is remembered: without this, each paid for its own
   * argon2 hash, and 100 at once queued seconds of CPU ahead of every answer.
   */
  private verifyOnce(key: string, passwordHash: string, password: string): Promise<boolean> {
    const flight = `${key}\u0000${passwordHash}`;
    let pending = this.verifying.get(flight);
    if (!pending) {
      pending = this.verify(passwordHash, password).finally(() => this.verifying.delete(flight));
      this.verifying.set(flight, pending);
    }
    return pending;
  }
}
