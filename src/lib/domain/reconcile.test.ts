import { describe, expect, it } from 'vitest';
import { dayFigures, diffEntries, digestOf, entryOf, figuresMatch, type ReconcileOrder } from './reconcile';
import { paymentsOf } from './payments';

const order = (
	local_id: string,
	status: string,
	total_amount: number,
	method: string | null = 'cash',
	version = 2
): ReconcileOrder => ({
	local_id,
	status,
	total_amount,
	version,
	payment_info: method ? { method, amount: total_amount, paid_at: '2026-01-27T05:00:00Z' } : null
});

const day = [
	order('A', 'paid', 50_000, 'cash'),
	order('B', 'paid', 30_000, 'qris'),
	order('C', 'paid', 20_000, 'card'),
	order('D', 'paid', 10_000, 'cash'),
	order('E', 'void', 15_000, null, 3),
	order('F', 'open', 99_000, null, 1)
];

describe('paymentsOf', () => {
	it("reads today's payment_info as one payment, and embedded payments when present", () => {
		expect(paymentsOf(order('A', 'paid', 50_000))).toEqual([
			{
				local_id: 'A:pay',
				method: 'cash',
				amount: 50_000,
				cash_amount: null,
				change_amount: null,
				paid_at: '2026-01-27T05:00:00Z'
			}
		]);
		expect(paymentsOf({ local_id: 'X', payment_info: null })).toEqual([]);
		const split = [
			{ local_id: 'p1', method: 'cash', amount: 10, cash_amount: 20, change_amount: 10, paid_at: 't' },
			{ local_id: 'p2', method: 'qris', amount: 5, cash_amount: null, change_amount: null, paid_at: 't' }
		];
		expect(paymentsOf({ local_id: 'X', payment_info: null, payments: split })).toEqual(split);
	});
});

describe('dayFigures', () => {
	it('counts and sums paid orders per method and voids, leaving open orders out', () => {
		const f = dayFigures(day);
		expect(f.orders).toBe(5);
		expect(f.paid).toEqual({ count: 4, sum: 110_000 });
		expect(f.voids).toEqual({ count: 1, sum: 15_000 });
		expect(f.payment_methods).toEqual({
			cash: { count: 2, sum: 60_000 },
			qris: { count: 1, sum: 30_000 },
			card: { count: 1, sum: 20_000 }
		});
		expect(f.digest).toMatch(/^[0-9a-f]{16}$/);
	});

	it('gives the same digest whatever the order of the input, and another for any change', () => {
		const base = dayFigures(day).digest;
		expect(dayFigures([...day].reverse()).digest).toBe(base);
		expect(dayFigures(day.filter((o) => o.local_id !== 'A')).digest).not.toBe(base);
		const moreTotal = day.map((o) => (o.local_id === 'B' ? { ...o, total_amount: 30_001 } : o));
		expect(dayFigures(moreTotal).digest).not.toBe(base);
		const newer = day.map((o) => (o.local_id === 'C' ? { ...o, version: 3 } : o));
		expect(dayFigures(newer).digest).not.toBe(base);
		// An open order does not take part: changing it leaves the digest alone.
		const openChanged = day.map((o) => (o.local_id === 'F' ? { ...o, total_amount: 1 } : o));
		expect(dayFigures(openChanged).digest).toBe(base);
		expect(digestOf([])).not.toBe(base);
	});

	it('digests a set larger than one chunk the same in any order', () => {
		const many = Array.from({ length: 1500 }, (_, i) => entryOf(order(`O${i}`, 'paid', i)));
		expect(digestOf(many)).toBe(digestOf([...many].reverse()));
		expect(digestOf(many)).not.toBe(digestOf(many.slice(1)));
	});
});

describe('diffEntries', () => {
	it('names exactly the missing, extra and different orders', () => {
		const local = day.filter((o) => o.status !== 'open').map(entryOf);
		const cloud = local
			.filter((e) => e.local_id !== 'A')
			.map((e) => (e.local_id === 'B' ? { ...e, total_amount: 1 } : e))
			.concat([{ local_id: 'Z', version: 1, total_amount: 5, status: 'paid' }]);
		expect(diffEntries(local, cloud)).toEqual([
			{ local_id: 'A', kind: 'missing', fields: [], local: local[0], cloud: null },
			{
				local_id: 'B',
				kind: 'different',
				fields: ['total_amount'],
				local: local[1],
				cloud: { ...local[1], total_amount: 1 }
			},
			{ local_id: 'Z', kind: 'extra', fields: [], local: null, cloud: cloud[cloud.length - 1] }
		]);
		expect(diffEntries(local, local)).toEqual([]);
		expect(figuresMatch(dayFigures(day), dayFigures([...day].reverse()))).toBe(true);
	});
});
