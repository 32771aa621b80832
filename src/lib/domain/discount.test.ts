import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CartLine } from './cart';
import {
	discountBreakdown,
	discountedTotals,
	discountOf,
	lineDiscount,
	needsApproval,
	validateDiscountValue,
	validPresetList,
	type Discount
} from './discount';
import type { ChargeSettings } from './totals';

const charges: ChargeSettings = { tax_rate: 10, service_rate: 5, rounding: 'none' };

const adHoc = (kind: Discount['kind'], value: number): Discount => ({
	kind,
	value,
	name: '',
	preset_id: null,
	given_by: 'Sari',
	given_by_id: 's1',
	approved_by: null,
	approved_by_id: null
});

const line = (unit_price: number, qty: number, discount: Discount | null = null, id = 'L1'): CartLine => ({
	line_id: id,
	product_id: `p-${id}`,
	product_name: 'Nasi Goreng',
	category: 'Food',
	unit_price,
	qty,
	modifiers: [],
	note: '',
	destination: 'kitchen',
	status: 'new',
	discount
});

describe('discount money rules', () => {
	it('a percent rounds half-up to the rupiah; an amount is whole rupiah', () => {
		expect(discountOf(adHoc('percent', 10), 35_005)).toBe(3_501); // 3500.5 -> 3501
		expect(discountOf(adHoc('percent', 12.5), 9_999)).toBe(1_250); // 1249.875 -> 1250
		expect(discountOf(adHoc('amount', 5_000), 35_000)).toBe(5_000);
	});

	it('a line discount never exceeds the line, an order discount never the subtotal after line discounts', () => {
		expect(lineDiscount(line(10_000, 2, adHoc('amount', 50_000)))).toBe(20_000);
		const b = discountBreakdown(
			[line(10_000, 2, adHoc('amount', 5_000)), line(8_000, 1, null, 'L2')],
			adHoc('amount', 1_000_000)
		);
		expect(b).toEqual({
			gross: 28_000,
			line_discount: 5_000,
			order_discount: 23_000,
			discount_amount: 28_000,
			net: 0
		});
	});

	it('discounts come before service and PB1 (the documented order of operations)', () => {
		// 2 x 35.000 = 70.000; line -10% = 7.000 -> 63.000; order -5.000 -> 58.000;
		// service 5% = 2.900; PB1 10% of 60.900 = 6.090; total 66.990.
		const t = discountedTotals([line(35_000, 2, adHoc('percent', 10))], adHoc('amount', 5_000), charges);
		expect(t).toEqual({
			subtotal: 70_000,
			discount: 12_000,
			line_discount: 7_000,
			order_discount: 5_000,
			service_charge: 2_900,
			tax: 6_090,
			total_before_rounding: 66_990,
			rounding: 0,
			total: 66_990
		});
	});

	it('holds its invariants for any lines and discounts (property)', () => {
		const disc = fc.option(
			fc.oneof(
				fc.integer({ min: 1, max: 10_000 }).map((bp) => adHoc('percent', bp / 100)),
				fc.integer({ min: 1, max: 2_000_000 }).map((v) => adHoc('amount', v))
			),
			{ nil: null }
		);
		fc.assert(
			fc.property(
				fc.array(fc.tuple(fc.integer({ min: 0, max: 500_000 }), fc.integer({ min: 1, max: 20 }), disc), {
					minLength: 1,
					maxLength: 8
				}),
				disc,
				(rows, orderDiscount) => {
					const lines = rows.map(([p, q, d], i) => line(p, q, d, `L${i + 1}`));
					const t = discountedTotals(lines, orderDiscount, charges);
					for (const l of lines) {
						const ld = lineDiscount(l);
						expect(Number.isSafeInteger(ld)).toBe(true);
						expect(ld).toBeGreaterThanOrEqual(0);
						expect(ld).toBeLessThanOrEqual(l.unit_price * l.qty);
					}
					expect(t.order_discount).toBeLessThanOrEqual(t.subtotal - t.line_discount);
					expect(t.discount).toBe(t.line_discount + t.order_discount);
					expect(t.subtotal - t.discount + t.service_charge + t.tax + t.rounding).toBe(t.total);
					expect(t.total).toBeGreaterThanOrEqual(0);
					expect(Number.isSafeInteger(t.tax) && Number.isSafeInteger(t.service_charge)).toBe(true);
				}
			)
		);
	});

	it('an ad-hoc discount above the limit needs approval; a preset never does', () => {
		expect(needsApproval(adHoc('percent', 10), 50_000, 10)).toBe(false);
		expect(needsApproval(adHoc('percent', 10.5), 50_000, 10)).toBe(true);
		expect(needsApproval(adHoc('amount', 5_001), 50_000, 10)).toBe(true);
		expect(needsApproval({ ...adHoc('percent', 50), preset_id: 'staff-meal' }, 50_000, 10)).toBe(false);
	});

	it('rejects values a cashier cannot mean, and malformed presets', () => {
		expect(validateDiscountValue('percent', 0).ok).toBe(false);
		expect(validateDiscountValue('percent', 100.5).ok).toBe(false);
		expect(validateDiscountValue('percent', 12.345).ok).toBe(false);
		expect(validateDiscountValue('amount', 1.5).ok).toBe(false);
		expect(validateDiscountValue('amount', 2_000).ok).toBe(true);
		expect(
			validPresetList([
				{ id: 'a', name: 'Member', kind: 'percent', value: 10, scope: 'order' },
				{ id: 'a', name: 'Twice', kind: 'percent', value: 5 },
				{ id: 'b', name: 'Bad', kind: 'percent', value: 120 },
				{ id: 'c', name: 'Staff meal', kind: 'amount', value: 10_000 }
			])
		).toEqual([
			{ id: 'a', name: 'Member', kind: 'percent', value: 10, scope: 'order' },
			{ id: 'c', name: 'Staff meal', kind: 'amount', value: 10_000, scope: 'both' }
		]);
	});
});
