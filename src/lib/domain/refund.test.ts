import { describe, expect, it } from 'vitest';
import {
	computeRefund,
	fullRefundRequest,
	refundState,
	refundableLines,
	type RefundEntry,
	type RefundableOrder
} from './refund';
import { computeTotalsFromSubtotal } from './totals';
import { dayFigures, figuresMatch } from './reconcile';

// 2 x Nasi 40,000 + 3 x Teh 8,000 + 1 x Sate 25,000 = 129,000; service 5 % = 6,450; PB1 10 % of 135,450 = 13,545 -> 148,995.
const totals = computeTotalsFromSubtotal(129_000, { tax_rate: 10, service_rate: 5, rounding: 'none' });
const base: RefundableOrder = {
	status: 'paid',
	total_amount: totals.total,
	items: [
		{ line_id: 'L1', product_name: 'Nasi', qty: 2, price: 40_000 },
		{ line_id: 'L2', product_name: 'Teh', qty: 3, price: 8_000 },
		{ line_id: 'L3', product_name: 'Sate', qty: 1, price: 25_000 }
	],
	refunds: []
};
const entry = (amount: number, lines: RefundEntry['lines']): RefundEntry => ({
	local_id: `r${amount}`,
	lines,
	amount,
	method: 'cash',
	reason: 'x',
	refunded_at: '2026-01-27T10:00:00Z',
	cashier_name: 'a',
	shift_id: null
});

describe('computeRefund', () => {
	it('includes service and PB1 in proportion: one Nasi of 129,000 is 40,000 * 148,995 / 129,000', () => {
		expect(totals.total).toBe(148_995);
		const r = computeRefund(base, [{ line_id: 'L1', qty: 1 }], 'cold');
		expect(r).toEqual({
			ok: true,
			value: { amount: 46_200, lines: [{ line_id: 'L1', product_name: 'Nasi', qty: 1, amount: 46_200 }] }
		});
	});
	it('partial refunds in any order add up exactly to the total once everything is back', () => {
		let order = base;
		const steps = [
			[{ line_id: 'L2', qty: 1 }],
			[
				{ line_id: 'L1', qty: 1 },
				{ line_id: 'L2', qty: 1 }
			],
			[{ line_id: 'L3', qty: 1 }],
			[
				{ line_id: 'L1', qty: 1 },
				{ line_id: 'L2', qty: 1 }
			]
		];
		let paidBack = 0;
		for (const s of steps) {
			const r = computeRefund(order, s, 'r');
			if (!r.ok) throw new Error(r.error.code);
			expect(r.value.lines.reduce((a, l) => a + l.amount, 0)).toBe(r.value.amount);
			paidBack += r.value.amount;
			order = { ...order, refunds: [...(order.refunds ?? []), entry(r.value.amount, r.value.lines)] };
			expect(paidBack).toBeLessThanOrEqual(order.total_amount);
		}
		expect(paidBack).toBe(148_995);
		expect(refundState(order)).toBe('full');
		expect(computeRefund(order, [{ line_id: 'L1', qty: 1 }], 'r')).toMatchObject({
			ok: false,
			error: { code: 'refund_exceeds_line', refundable: 0 }
		});
	});
	it('a full refund at once is exactly the total, rounding included', () => {
		const rounded = { ...base, total_amount: 149_000 };
		const r = computeRefund(rounded, fullRefundRequest(rounded), 'wrong order');
		expect(r.ok && r.value.amount).toBe(149_000);
	});
	it('never refunds more than was sold per line, needs a reason, and only for paid orders', () => {
		expect(computeRefund(base, [{ line_id: 'L2', qty: 4 }], 'r')).toMatchObject({
			ok: false,
			error: { code: 'refund_exceeds_line', line_id: 'L2', refundable: 3 }
		});
		expect(computeRefund(base, [{ line_id: 'L2', qty: 1 }], ' ')).toMatchObject({
			ok: false,
			error: { code: 'refund_reason_required' }
		});
		expect(computeRefund({ ...base, status: 'open' }, [{ line_id: 'L2', qty: 1 }], 'r')).toMatchObject({
			ok: false,
			error: { code: 'not_paid' }
		});
		expect(computeRefund(base, [], 'r')).toMatchObject({ ok: false, error: { code: 'nothing_to_refund' } });
		expect(computeRefund(base, [{ line_id: 'L9', qty: 1 }], 'r')).toMatchObject({
			ok: false,
			error: { code: 'unknown_line' }
		});
	});
	it('shows partial state and what is left per line', () => {
		const order = {
			...base,
			refunds: [entry(9_240, [{ line_id: 'L2', product_name: 'Teh', qty: 1, amount: 9_240 }])]
		};
		expect(refundState(order)).toBe('partial');
		expect(refundState(base)).toBe('none');
		expect(refundableLines(order).map((l) => l.refundable)).toEqual([2, 2, 1]);
	});
});

describe('refunds in the day figures', () => {
	it('counts refunds of paid orders, and a day whose refunds differ does not match', () => {
		const paid = {
			local_id: 'o1',
			version: 2,
			status: 'paid',
			total_amount: 148_995,
			payments: [
				{
					local_id: 'p1',
					method: 'cash',
					amount: 148_995,
					cash_amount: null,
					change_amount: null,
					paid_at: 'x'
				}
			],
			refunds: [entry(46_200, [])]
		};
		const mine = dayFigures([paid]);
		expect(mine.refunds).toEqual({ count: 1, sum: 46_200 });
		expect(dayFigures([{ ...paid, refunds: [] }]).refunds).toBeUndefined();
		expect(figuresMatch(mine, dayFigures([{ ...paid, refunds: [] }]))).toBe(false);
		expect(figuresMatch(mine, dayFigures([paid]))).toBe(true);
	});
});
