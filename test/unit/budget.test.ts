import { describe, expect, it } from 'vitest';
import { budgetFor, countFitting, fitPage, fitsBudget, largestFitting } from '../../src/tools/shared/budget.js';

describe('answer budget', () => {
  it("takes the call's maxTokens over the server default, at 3 characters a token", () => {
    expect(budgetFor(undefined, 8000)).toEqual({ tokens: 8000, chars: 24_000 });
    expect(budgetFor(24_000, 8000)).toEqual({ tokens: 24_000, chars: 72_000 });
  });

  it('finds the largest count that fits, 1 when none does, 0 when there is nothing', () => {
    for (const limit of [1, 2, 7, 50, 1000]) {
      for (const max of [0, 1, 5, 999, 2000]) {
        const n = largestFitting(max, (k) => k <= limit);
        expect(n).toBe(max === 0 ? 0 : Math.min(max, limit));
      }
    }
    expect(largestFitting(10, () => false)).toBe(1);
    expect(countFitting(10, () => false)).toBe(0);
    expect(countFitting(10, (k) => k <= 4)).toBe(4);
  });

  it('checks both forms a client reads: the JSON and the text', () => {
    const budget = budgetFor(1000, 8000); // 3,000 characters, 800 of them kept for the envelope
    expect(fitsBudget({ s: 'x'.repeat(2100) }, () => 'short', budget)).toBe(true);
    expect(fitsBudget({ s: 'x'.repeat(2300) }, () => 'short', budget)).toBe(false);
    expect(fitsBudget({ s: 'x' }, () => 'y'.repeat(2300), budget)).toBe(false);
  });

  it('fills a page up to the budget or the limit, and shrinks a single item that is too large on its own', () => {
    const items = Array.from({ length: 100 }, (_, i) => ({
      id: i,
      inner: Array.from({ length: i === 40 ? 5000 : 10 }, (_, k) => `entry-${k}`),
    }));
    const budget = budgetFor(1000, 8000);
    const render = (d: { page: unknown[] }) => JSON.stringify(d);
    const build = (start: number) => (count: number, cap?: number) => ({
      page: items
        .slice(start, start + count)
        .map((x) => ({ ...x, inner: cap === undefined ? x.inner : x.inner.slice(0, cap) })),
    });
    const first = fitPage({ total: 100, start: 0, limit: 50, budget, render, build: build(0), innerMax: 10 });
    // As many as fit, and not one more: the budget, not the limit, ends this page.
    expect(first.count).toBeGreaterThan(10);
    expect(first.count).toBeLessThan(40);
    expect(fitsBudget(first.data, render, budget)).toBe(true);
    expect(fitsBudget(build(0)(first.count + 1), render, budget)).toBe(false);
    expect(fitPage({ total: 100, start: 0, limit: 5, budget, render, build: build(0) }).count).toBe(5);
    const huge = fitPage({ total: 100, start: 40, limit: 50, budget, render, build: build(40), innerMax: 5000 });
    expect(huge.count).toBe(1);
    expect(fitsBudget(huge.data, render, budget)).toBe(true);
    const kept = huge.data.page[0]!.inner.length;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(5000);
    // One more entry would not fit: the shrink keeps as many as the budget holds.
    expect(fitsBudget(build(40)(1, kept + 1), render, budget)).toBe(false);
  });
});
