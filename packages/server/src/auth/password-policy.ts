import { createRequire } from 'node:module';
import { passwordProblem } from '@clinicsync/schema';
import { AppError } from '../errors.js';

/**
 * The password policy, after NIST SP 800-63B (revision 4, section 3.1.1.2):
 * long enough (schema's `passwordProblem`: 15 characters for a password
 * that is the only factor), no composition rules, and not on a blocklist of
 * passwords that attackers try first. The blocklist is zxcvbn-ts's list of
 * the most common passwords from breach corpora
 * (`@zxcvbn-ts/language-common`, docs/decisions.md says why), checked with
 * the derivatives people make of them, plus context words: the user's
 * email and the service's name.
 */

/** What is known about the account besides the password, to refuse context words. */
export interface PasswordContext {
  readonly email?: string | undefined;
}

const serviceNames = ['clinicsync', 'clinic sync', 'clinic-sync'];

let common: ReadonlySet<string> | undefined;

/**
 * The common-password list as a set, loaded on first use: decompressing it
 * takes a fifth of a second that commands which set no password (most of
 * them) should not pay.
 */
function commonPasswords(): ReadonlySet<string> {
  if (!common) {
    const require = createRequire(import.meta.url);
    const { dictionary } = require('@zxcvbn-ts/language-common') as {
      dictionary: { 'passwords-common': string[] };
    };
    common = new Set(dictionary['passwords-common']);
  }
  return common;
}

/** Digits, punctuation and spaces people add around a word ("Password2024!"). */
const padding = /^[\p{N}\p{P}\p{S}\s]+|[\p{N}\p{P}\p{S}\s]+$/gu;

/** One character repeated, or a run up or down ("aaaa…", "1234567890123…", "zyxw…"). */
function isSequence(characters: readonly string[]): boolean {
  if (characters.length < 3) return false;
  const codes = characters.map((c) => c.codePointAt(0)!);
  const step = (i: number) => {
    const d = codes[i]! - codes[i - 1]!;
    // Digits wrap: …8, 9, 0, 1…
    if (/\d/.test(characters[i]!) && /\d/.test(characters[i - 1]!)) {
      if (d === -9) return 1;
      if (d === 9) return -1;
    }
    return d;
  };
  const first = step(1);
  if (first < -1 || first > 1) return false;
  for (let i = 2; i < codes.length; i++) if (step(i) !== first) return false;
  return true;
}

/** A shorter piece said over and over ("passwordpassword", "abcabcabc…"). */
function isRepetition(text: string): boolean {
  const characters = [...text];
  for (let size = 1; size <= characters.length / 2; size++) {
    if (characters.length % size !== 0) continue;
    const unit = characters.slice(0, size).join('');
    if (unit.repeat(characters.length / size) === text) return true;
  }
  return false;
}

/**
 * Why `password` is refused, or undefined when the policy takes it. Never
 * echoes the password.
 *
 * @example
 * passwordPolicyProblem('password12345678!'); // 'is a common password with digits or symbols added'
 * passwordPolicyProblem('a long tea-stained notebook'); // undefined
 */
export function passwordPolicyProblem(
  password: string,
  context: PasswordContext = {},
): string | undefined {
  const lengthProblem = passwordProblem(password);
  if (lengthProblem) return lengthProblem;
  const lower = password.toLowerCase();
  const list = commonPasswords();
  if (list.has(lower)) return 'is one of the most common passwords';
  const core = lower.replace(padding, '');
  if (isSequence([...lower]) || isRepetition(lower) || (core !== '' && isRepetition(core))) {
    return 'only repeats itself or runs through a sequence';
  }
  if (core !== '' && list.has(core)) return 'is a common password with digits or symbols added';
  const email = context.email?.trim().toLowerCase();
  const local = email?.split('@')[0];
  if (
    email &&
    (core === email || lower.includes(email) || (local && local.length >= 3 && core === local))
  ) {
    return 'is too close to the email address';
  }
  if (serviceNames.includes(core)) return "is too close to the service's name";
  return undefined;
}

/**
 * Throws when the policy refuses `password`.
 * @throws AppError `bad_request` saying why (never the password).
 */
export function requirePasswordPolicy(password: string, context: PasswordContext = {}): void {
  const problem = passwordPolicyProblem(password, context);
  if (problem) throw new AppError('bad_request', `The password ${problem}.`);
}
