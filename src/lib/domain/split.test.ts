import { describe, expect, it } from 'vitest';
import {
	allocate,
	byMethod,
	remainingAfter,
	settlePart,
	settleSplit,
	shareMoney,
	splitByLineSubtotals,
	splitEqually
} from './split';
import { computeTotalsFromSubtotal } from './totals';

const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);

describe('splitEqually', () => {
	it('splits 100,000 by 3 into parts summing exactly, differing by at most one rupiah', () => {
		expect(splitEqually(100_000, 3)).toEqual([33_334, 33_333, 33_333]);
		expect(sum(splitEqually(100_000, 3))).toBe(100_000);
	});
	it('adds up for many totals and counts', () => {
		for (const total of [0, 1, 7, 99_999, 123_457, 1_000_001])
			for (let n = 1; n <= 9; n++) {
				const parts = splitEqually(total, n);
				expect(parts).toHaveLength(n);
				expect(sum(parts)).toBe(total);
				expect(Math.max(...parts) - Math.min(...parts)).toBeLessThanOrEqual(1);
			}
	});
	it('refuses a count that is not a positive integer', () => {
		expect(() => splitEqually(100, 0)).toThrow(RangeError);
		expect(() => splitEqually(100, 1.5)).toThrow(RangeError);
	});
});

describe('allocate', () => {
	it('shares in proportion, half-up, and always sums to the amount', () => {
		expect(allocate(100, [1, 1, 1])).toEqual([33, 34, 33]);
		expect(allocate(1_000, [1, 0, 3])).toEqual([250, 0, 750]);
		expect(allocate(10, [0, 0])).toEqual([10, 0]);
		for (const w of [
			[3, 7],
			[1, 2, 3, 4],
			[35_000, 8_000, 12_500]
		])
			expect(sum(allocate(97_531, w))).toBe(97_531);
	});
});

describe('shareMoney', () => {
	it('gives each part its share of subtotal, service and PB1; every column and every part adds up', () => {
		const t = computeTotalsFromSubtotal(86_000, { tax_rate: 10, service_rate: 5, rounding: 500 });
		const order = {
			subtotal: t.subtotal,
			service_amount: t.service_charge,
			tax_amount: t.tax,
			rounding_amount: t.rounding,
			total_amount: t.total
		};
		const parts = shareMoney(order, splitEqually(order.total_amount, 3));
		for (const k of ['subtotal', 'service_amount', 'tax_amount', 'rounding_amount', 'total_amount'] as const)
			expect(sum(parts.map((p) => p[k]))).toBe(order[k]);
		for (const p of parts)
			expect(p.subtotal + p.service_amount + p.tax_amount + p.rounding_amount).toBe(p.total_amount);
	});
	it('splits by lines in proportion to the lines of each part', () => {
		expect(splitByLineSubtotals(110_250, [[70_000], [20_000, 15_000]])).toEqual([73_500, 36_750]);
	});
});

describe('split payment', () => {
	it('cash + QRIS: change only on the cash part, together exactly the total', () => {
		const r = settleSplit(150_000, [
			{ method: 'qris', amount: 100_000 },
			{ method: 'cash', amount: 50_000, tendered: 60_000 }
		]);
		expect(r).toEqual({
			ok: true,
			value: [
				{ method: 'qris', amount: 100_000, cash_amount: null, change_amount: null },
				{ method: 'cash', amount: 50_000, cash_amount: 60_000, change_amount: 10_000 }
			]
		});
		if (r.ok)
			expect([...byMethod(r.value)]).toEqual([
				['qris', 100_000],
				['cash', 50_000]
			]);
	});
	it('refuses parts over the remaining, short cash, zero amounts and an uncovered total', () => {
		expect(settlePart(40_000, { method: 'card', amount: 50_000 })).toMatchObject({
			ok: false,
			error: { code: 'over_total', over: 10_000 }
		});
		expect(settlePart(40_000, { method: 'cash', amount: 40_000, tendered: 30_000 })).toMatchObject({
			ok: false,
			error: { code: 'insufficient_cash', shortfall: 10_000 }
		});
		expect(settlePart(40_000, { method: 'qris', amount: 0 })).toMatchObject({ ok: false });
		expect(settleSplit(100_000, [{ method: 'qris', amount: 60_000 }])).toMatchObject({
			ok: false,
			error: { code: 'not_covered', remaining: 40_000 }
		});
		expect(remainingAfter(100_000, [{ amount: 60_000 }, { amount: 50_000 }])).toBe(0);
	});
});
