import { expect, test } from 'vitest';
import { PageSizer, smallestPage } from '../src/sync/page-sizer.js';

// Page sizes follow the link: a page that took longer than the target
// shrinks the next one to what fits, a fast one lets it grow back, at most
// doubling, never above the caller's page size nor below the smallest page.

test('a slow page shrinks the next to what fits the target', () => {
  const sizer = new PageSizer(5000, 3);
  expect(sizer.limit).toBe(5000);
  sizer.observe(5000, 5000, 12, false); // 416 records/s over a 256 kbit/s link
  expect(sizer.limit).toBe(1250);
});

test('never below the smallest page, nor above the page size asked for', () => {
  const sizer = new PageSizer(5000, 3);
  sizer.observe(5000, 5000, 600, false);
  expect(sizer.limit).toBe(smallestPage);
  const small = new PageSizer(40, 3);
  small.observe(40, 40, 60, false);
  expect(small.limit).toBe(40);
});

test('a fast link grows pages back, at most doubling each time', () => {
  const sizer = new PageSizer(5000, 3);
  sizer.observe(5000, 5000, 30, false);
  expect(sizer.limit).toBe(500);
  sizer.observe(500, 500, 0.1, false);
  expect(sizer.limit).toBe(1000);
  sizer.observe(1000, 1000, 0.1, false);
  sizer.observe(2000, 2000, 0.1, false);
  sizer.observe(4000, 4000, 0.1, false);
  expect(sizer.limit).toBe(5000);
});

test('the last page and a target of 0 change nothing', () => {
  const sizer = new PageSizer(5000, 3);
  sizer.observe(120, 5000, 10, true);
  expect(sizer.limit).toBe(5000);
  const fixed = new PageSizer(5000, 0);
  fixed.observe(5000, 5000, 60, false);
  expect(fixed.limit).toBe(5000);
});

test('a page the server cut short by its bytes still measures the link', () => {
  // 800 large records of 5,000 asked, in 8 s: 100 records/s of that table.
  const sizer = new PageSizer(5000, 3);
  sizer.observe(800, 5000, 8, false);
  expect(sizer.limit).toBe(300);
  const fast = new PageSizer(5000, 3);
  fast.observe(800, 1000, 0.2, false);
  expect(fast.limit).toBe(2000);
});
