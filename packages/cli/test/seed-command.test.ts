import { maxSeed } from '@clinicsync/server';
import { expect, test } from 'vitest';
import { largestSeed } from '../src/seed-command.js';

test('--seed accepts exactly the seeds the server’s generator takes', () => {
  expect(largestSeed).toBe(maxSeed);
});
