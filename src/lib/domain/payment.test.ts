import { describe, expect, it } from 'vitest';
import { cashChange, isPaymentMethod, PAYMENT_METHODS, quickCashSuggestions, settlePayment } from './payment';

describe('cashChange', () => {
	it('gives change', () => {
		expect(cashChange(150000, 200000)).toEqual({ ok: true, value: 50000 });
		expect(cashChange(150000, 150000)).toEqual({ ok: true, value: 0 });
		expect(cashChange(0, 0)).toEqual({ ok: true, value: 0 });
	});
	it('reports the shortfall as a value', () => {
		expect(cashChange(150000, 100000)).toEqual({
			ok: false,
			error: { code: 'insufficient_cash', shortfall: 50000 }
		});
		expect(cashChange(108570, 108500)).toEqual({
			ok: false,
			error: { code: 'insufficient_cash', shortfall: 70 }
		});
	});
	it('rejects amounts that are not whole rupiah', () => {
		expect(cashChange(1000, 1000.5)).toEqual({ ok: false, error: { code: 'invalid_amount', value: 1000.5 } });
		expect(cashChange(1000, -5)).toMatchObject({ ok: false, error: { code: 'invalid_amount' } });
		expect(cashChange(Number.NaN, 5)).toMatchObject({ ok: false, error: { code: 'invalid_amount' } });
	});
});

describe('quickCashSuggestions', () => {
	it('exact, then the next note steps, distinct and ascending', () => {
		expect(quickCashSuggestions(35000)).toEqual([35000, 40000, 50000, 100000]);
		expect(quickCashSuggestions(108570)).toEqual([108570, 110000, 120000, 150000, 200000]);
		expect(quickCashSuggestions(12300)).toEqual([12300, 15000, 20000, 50000, 100000]);
		expect(quickCashSuggestions(43000)).toEqual([43000, 45000, 50000, 60000, 100000]);
	});
	it('a total on a big note still offers the next one up', () => {
		expect(quickCashSuggestions(100000)).toEqual([100000, 200000]);
		expect(quickCashSuggestions(50000)).toEqual([50000, 60000, 100000]);
	});
	it('at most the limit', () => {
		expect(quickCashSuggestions(108570, 3)).toEqual([108570, 110000, 120000]);
		expect(quickCashSuggestions(1234)).toHaveLength(5);
	});
	it('degenerate inputs', () => {
		expect(quickCashSuggestions(0)).toEqual([0]);
		expect(quickCashSuggestions(-1)).toEqual([]);
		expect(quickCashSuggestions(1.5)).toEqual([]);
		expect(quickCashSuggestions(1000, 0)).toEqual([]);
	});
	it('every suggestion covers the total', () => {
		for (const total of [1, 999, 4999, 5001, 77777, 250001, 1234567]) {
			const s = quickCashSuggestions(total);
			expect(s[0]).toBe(total);
			expect(s.every((v) => v >= total)).toBe(true);
			expect([...s].sort((a, b) => a - b)).toEqual(s);
			expect(new Set(s).size).toBe(s.length);
		}
	});
});

describe('settlePayment', () => {
	it('cash records tendered and change', () => {
		expect(settlePayment(150000, { method: 'cash', tendered: 200000 })).toEqual({
			ok: true,
			value: { method: 'cash', amount: 150000, cash_amount: 200000, change_amount: 50000 }
		});
		expect(settlePayment(150000, { method: 'cash', tendered: 1000 })).toMatchObject({
			ok: false,
			error: { code: 'insufficient_cash', shortfall: 149000 }
		});
	});
	it('qris and card pay the exact total', () => {
		expect(settlePayment(150000, { method: 'qris' })).toEqual({
			ok: true,
			value: { method: 'qris', amount: 150000, cash_amount: null, change_amount: null }
		});
		expect(settlePayment(150000, { method: 'card' }).ok).toBe(true);
		expect(settlePayment(-1, { method: 'card' }).ok).toBe(false);
	});
	it('knows the methods', () => {
		expect(PAYMENT_METHODS).toEqual(['cash', 'qris', 'card']);
		expect(isPaymentMethod('qris')).toBe(true);
		expect(isPaymentMethod('gopay')).toBe(false);
	});
});
