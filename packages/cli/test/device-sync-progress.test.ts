import { startingProgress } from '@clinicsync/client/node';
import { describe, expect, test } from 'vitest';
import { describePull } from '../src/device-sync-progress.js';

// What `clinicsync device sync` shows of a pull, from the SDK's progress.
describe('describePull', () => {
  test('records, bytes and the time left when the server gave an estimate', () => {
    expect(
      describePull({
        ...startingProgress,
        pulled: 1200,
        pullTotal: 21_525,
        pulledBytes: 612_000,
        pullBytesTotal: 9_800_000,
        pullSecondsLeft: 11.2,
      }),
    ).toBe('1,200/21,525 records, 0.6/9.8 MB, about 12 s left');
  });

  test('no time left once the pull is over', () => {
    expect(
      describePull({
        ...startingProgress,
        phase: 'push',
        pulled: 21_525,
        pullTotal: 21_525,
        pulledBytes: 9_790_000,
        pullBytesTotal: 9_800_000,
        pullSecondsLeft: 0,
      }),
    ).toBe('21,525/21,525 records, 9.8/9.8 MB');
  });

  test('records and bytes alone from a server without estimates', () => {
    expect(describePull({ ...startingProgress, pulled: 40, pulledBytes: 25_000 })).toBe(
      '40 records, 0.0 MB',
    );
  });
});
