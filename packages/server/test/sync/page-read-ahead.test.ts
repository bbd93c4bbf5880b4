import { afterEach, describe, expect, test, vi } from 'vitest';
import { PageReadAhead } from '../../src/sync/pull/page-read-ahead.js';
import type { PageAnswer } from '../../src/sync/pull/page-read-ahead.js';

function answer(text: string): PageAnswer {
  return {
    body: Buffer.from(text),
    timestamp: 1,
    counts: { patients: { created: 1 } },
    next: null,
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('PageReadAhead', () => {
  test('a page read ahead is answered once, under its own key only', async () => {
    const ahead = new PageReadAhead();
    ahead.start('alice page 2', () => Promise.resolve(answer('two')));
    expect(ahead.take('bob page 2')).toBeUndefined();
    const taken = ahead.take('alice page 2');
    expect((await taken)?.body.toString()).toBe('two');
    expect(ahead.take('alice page 2')).toBeUndefined();
  });

  test('a read still under way is waited for by the request that takes it', async () => {
    const ahead = new PageReadAhead();
    let finish: (page: PageAnswer) => void = () => undefined;
    ahead.start('k', () => new Promise((resolve) => (finish = resolve)));
    const taken = ahead.take('k')!;
    finish(answer('late'));
    expect((await taken)?.body.toString()).toBe('late');
  });

  test('a failed read is forgotten: the request reads the page itself', async () => {
    const ahead = new PageReadAhead();
    ahead.start('k', () => Promise.reject(new Error('connection lost')));
    expect(await ahead.take('k')).toBeNull();
  });

  test('no more than maxPages are held; taking one makes room', async () => {
    const ahead = new PageReadAhead({ maxPages: 2, ttlMs: 60_000 });
    const reads: string[] = [];
    const read = (key: string) => () => {
      reads.push(key);
      return Promise.resolve(answer(key));
    };
    ahead.start('a', read('a'));
    ahead.start('b', read('b'));
    ahead.start('c', read('c'));
    expect(reads).toEqual(['a', 'b']);
    expect(ahead.take('c')).toBeUndefined();
    await ahead.take('a');
    ahead.start('c', read('c'));
    expect(reads).toEqual(['a', 'b', 'c']);
  });

  test('a page its device never asks for is dropped after ttlMs', async () => {
    vi.useFakeTimers();
    const ahead = new PageReadAhead({ maxPages: 1, ttlMs: 1000 });
    ahead.start('k', () => Promise.resolve(answer('k')));
    vi.advanceTimersByTime(1001);
    expect(ahead.take('k')).toBeUndefined();
    // Its place is free again.
    ahead.start('j', () => Promise.resolve(answer('j')));
    expect(await ahead.take('j')).not.toBeNull();
  });

  test('close waits for reads under way and starts none after', async () => {
    const ahead = new PageReadAhead();
    let finished = false;
    ahead.start('k', async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      finished = true;
      return answer('k');
    });
    await ahead.close();
    expect(finished).toBe(true);
    expect(ahead.take('k')).toBeUndefined();
    let started = false;
    ahead.start('j', () => {
      started = true;
      return Promise.resolve(answer('j'));
    });
    expect(started).toBe(false);
  });
});
