import { describe, expect, it } from 'vitest';
import { makePasswordCheck, matchesPasswordCheck } from './password-check.js';

describe('the password check of the idle lock', () => {
  it('matches the password it was made of, and no other', async () => {
    const check = await makePasswordCheck('correct horse battery');
    expect(await matchesPasswordCheck(check, 'correct horse battery')).toBe(true);
    expect(await matchesPasswordCheck(check, 'correct horse batterY')).toBe(false);
    expect(await matchesPasswordCheck(check, '')).toBe(false);
  });

  it('keeps neither the password nor an unsalted hash of it', async () => {
    const first = await makePasswordCheck('same password');
    const second = await makePasswordCheck('same password');
    expect(JSON.stringify(first)).not.toContain('same password');
    expect(first.salt).not.toBe(second.salt);
    expect(first.hash).not.toBe(second.hash);
    expect(first.iterations).toBeGreaterThanOrEqual(600_000);
  });
});
