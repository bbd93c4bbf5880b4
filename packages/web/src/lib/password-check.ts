/**
 * A salted, slow hash of the password (PBKDF2-SHA-256 in Web Crypto), kept
 * with the session so that an idle lock can be opened without the network.
 * It never leaves the device, and it unlocks nothing the token would not.
 */
export interface PasswordCheck {
  readonly salt: string;
  readonly iterations: number;
  readonly hash: string;
}

// OWASP's 2023 advice for PBKDF2-HMAC-SHA256; about a quarter of a second in a browser.
const iterations = 600_000;

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

async function derive(password: string, salt: Uint8Array<ArrayBuffer>, rounds: number) {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(password),
    'PBKDF2',
    false,
    ['deriveBits'],
  );
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations: rounds },
    key,
    256,
  );
  return new Uint8Array(bits);
}

/** Makes the check of `password`, with a new random salt. */
export async function makePasswordCheck(password: string): Promise<PasswordCheck> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const hash = await derive(password, salt, iterations);
  return { salt: toBase64(salt), iterations, hash: toBase64(hash) };
}

/** Whether `password` is the one `check` was made of (compared in constant time). */
export async function matchesPasswordCheck(
  check: PasswordCheck,
  password: string,
): Promise<boolean> {
  const expected = fromBase64(check.hash);
  const actual = await derive(password, fromBase64(check.salt), check.iterations);
  if (actual.length !== expected.length) return false;
  let difference = 0;
  for (let i = 0; i < actual.length; i++) difference |= (actual[i] ?? 0) ^ (expected[i] ?? 0);
  return difference === 0;
}
