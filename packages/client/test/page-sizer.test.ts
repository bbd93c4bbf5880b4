import { expect, test } from 'vitest';
import { PageSizer, smallestPage } from '../src/sync/page-sizer.js';

// Page sizes follow the link: a page that took longer than the target
// shrinks the next one to what fits, a fast one lets it grow back, at most
// doubling, never above the caller's page size nor below the smallest page.

test('a slow page shrinks the next to what fits the target', () => {
  const sizer = new PageSizer(5000, 3);
  expect(sizer.limit).toBe(5000);
  sizer.observe(5000, 5000, 12); // 416 records/s over a 256 kbit/s link
  expect(sizer.limit).toBe(1250);
});

test('never below the smallest page, nor above the page size asked for', () => {
  const sizer = new PageSizer(5000, 3);
  sizer.observe(5000, 5000, 600);
  expect(sizer.limit).toBe(smallestPage);
  const small = new PageSizer(40, 3);
  small.observe(40, 40, 60);
  expect(small.limit).toBe(40);
});

test('a fast link grows pages back, at most doubling each time', () => {
  const sizer = new PageSizer(5000, 3);
  sizer.observe(5000, 5000, 30);
  expect(sizer.limit).toBe(500);
  sizer.observe(500, 500, 0.1);
  expect(sizer.limit).toBe(1000);
  sizer.observe(1000, 1000, 0.1);
  sizer.observe(2000, 2000, 0.1);
  sizer.observe(4000, 4000, 0.1);
  expect(sizer.limit).toBe(5000);
});

test('a short page (the last) and a target of 0 change nothing', () => {
  const sizer = new PageSizer(5000, 3);
  sizer.observe(120, 5000, 10);
  expect(sizer.limit).toBe(5000);
  const fixed = new PageSizer(5000, 0);
  fixed.observe(5000, 5000, 60);
  expect(fixed.limit).toBe(5000);
});
