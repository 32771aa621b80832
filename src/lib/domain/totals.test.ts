import { describe, expect, it } from 'vitest';
import { emptyCart, addItem, type Cart } from './cart';
import {
	computeTotals,
	computeTotalsFromSubtotal,
	roundToUnit,
	validateChargeSettings,
	type ChargeSettings
} from './totals';

const s = (over: Partial<ChargeSettings> = {}): ChargeSettings => ({
	tax_rate: 10,
	service_rate: 5,
	rounding: 'none',
	...over
});

function cartOf(...items: [number, number][]): Cart {
	let cart = emptyCart;
	items.forEach(([price, qty], i) => {
		const r = addItem(cart, {
			product_id: `p${i}`,
			product_name: `P${i}`,
			category: 'Food',
			unit_price: price,
			qty,
			modifiers: [],
			destination: 'kitchen'
		});
		if (!r.ok) throw new Error('add failed');
		cart = r.value.cart;
	});
	return cart;
}

describe('computeTotals', () => {
	it('service on subtotal, tax on subtotal + service', () => {
		const cart = cartOf([35000, 2], [8000, 3]); // 94.000
		expect(computeTotals(cart.lines, s())).toEqual({
			subtotal: 94000,
			service_charge: 4700,
			tax: 9870, // 10 % of 98.700
			total_before_rounding: 108570,
			rounding: 0,
			total: 108570
		});
	});
	it('rounds each component half-up to a whole rupiah', () => {
		// 12.345 * 5 % = 617.25 -> 617; (12.345 + 617) * 10 % = 1296.2 -> 1296
		expect(computeTotalsFromSubtotal(12345, s())).toMatchObject({
			service_charge: 617,
			tax: 1296,
			total: 14258
		});
		// 12.350 * 5 % = 617.5 -> 618; 12.968 * 10 % = 1296.8 -> 1297
		expect(computeTotalsFromSubtotal(12350, s())).toMatchObject({
			service_charge: 618,
			tax: 1297,
			total: 14265
		});
		// 11 % PPN-like and 2.5 % service: 33.333 * 2.5 % = 833.325 -> 833; 34.166 * 11 % = 3758.26 -> 3758
		expect(computeTotalsFromSubtotal(33333, s({ tax_rate: 11, service_rate: 2.5 }))).toMatchObject({
			service_charge: 833,
			tax: 3758,
			total: 37924
		});
	});
	it('applies the outlet cash rounding to the grand total and reports the adjustment', () => {
		const t = computeTotalsFromSubtotal(94000, s({ rounding: 100 })); // 108.570
		expect(t).toMatchObject({ total_before_rounding: 108570, total: 108600, rounding: 30 });
		expect(computeTotalsFromSubtotal(94000, s({ rounding: 500 }))).toMatchObject({
			total: 108500,
			rounding: -70
		});
		expect(computeTotalsFromSubtotal(94000, s({ rounding: 1000 }))).toMatchObject({
			total: 109000,
			rounding: 430
		});
		expect(computeTotalsFromSubtotal(94000, s({ rounding: 1000, rounding_mode: 'down' }))).toMatchObject({
			total: 108000,
			rounding: -570
		});
	});
	it('no tax, no service, empty cart', () => {
		expect(computeTotals([], s())).toEqual({
			subtotal: 0,
			service_charge: 0,
			tax: 0,
			total_before_rounding: 0,
			rounding: 0,
			total: 0
		});
		expect(computeTotalsFromSubtotal(50000, s({ tax_rate: 0, service_rate: 0, rounding: 1000 })).total).toBe(
			50000
		);
	});
	it('throws on configuration errors, which no cashier can cause', () => {
		expect(() => computeTotalsFromSubtotal(1000, s({ tax_rate: -1 }))).toThrow(RangeError);
		expect(() => computeTotalsFromSubtotal(1000.5, s())).toThrow(RangeError);
	});
});

describe('roundToUnit', () => {
	it('rounds half-up at the midpoint, keeps exact multiples', () => {
		expect(roundToUnit(108550, 100)).toBe(108600);
		expect(roundToUnit(108549, 100)).toBe(108500);
		expect(roundToUnit(108250, 500)).toBe(108500);
		expect(roundToUnit(108249, 500)).toBe(108000);
		expect(roundToUnit(108500, 1000)).toBe(109000);
		expect(roundToUnit(108000, 1000)).toBe(108000);
		expect(roundToUnit(108001, 1000, 'up')).toBe(109000);
		expect(roundToUnit(108999, 1000, 'down')).toBe(108000);
		expect(roundToUnit(12345, 'none')).toBe(12345);
		expect(roundToUnit(0, 1000)).toBe(0);
	});
});

describe('validateChargeSettings', () => {
	it('fills defaults and accepts good values', () => {
		expect(validateChargeSettings({})).toEqual({
			ok: true,
			value: { tax_rate: 10, service_rate: 5, rounding: 'none', rounding_mode: 'nearest' }
		});
		expect(
			validateChargeSettings({ tax_rate: 11, service_rate: 0, rounding: 500, rounding_mode: 'down' }).ok
		).toBe(true);
		expect(validateChargeSettings({ tax_rate: 2.5 }).ok).toBe(true);
	});
	it('rejects bad values with codes', () => {
		expect(validateChargeSettings({ tax_rate: '10' })).toEqual({
			ok: false,
			error: { code: 'invalid_tax_rate', value: '10' }
		});
		expect(validateChargeSettings({ tax_rate: 101 }).ok).toBe(false);
		expect(validateChargeSettings({ tax_rate: 10.555 }).ok).toBe(false);
		expect(validateChargeSettings({ service_rate: Number.NaN })).toMatchObject({
			ok: false,
			error: { code: 'invalid_service_rate' }
		});
		expect(validateChargeSettings({ rounding: 250 })).toMatchObject({
			ok: false,
			error: { code: 'invalid_rounding' }
		});
		expect(validateChargeSettings({ rounding_mode: 'sideways' })).toMatchObject({
			ok: false,
			error: { code: 'invalid_rounding' }
		});
	});
});
