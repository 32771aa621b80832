import { describe, expect, it } from 'vitest';
import {
	assertRupiah,
	formatAmount,
	formatIdr,
	isNonNegativeRupiah,
	isRupiah,
	parseRupiah,
	percentOf,
	roundHalfUp,
	sumRupiah
} from './money';

const plain = (s: string) => s.replace(/\s/g, ' ');

describe('formatIdr', () => {
	it('formats rupiah the Indonesian way with no decimals', () => {
		expect(plain(formatIdr(35000))).toBe('Rp 35.000');
		expect(plain(formatIdr(0))).toBe('Rp 0');
		expect(plain(formatIdr(12500000))).toBe('Rp 12.500.000');
		expect(plain(formatIdr(-2500))).toBe('-Rp 2.500');
	});
	it('keeps the symbol glued to the number with a no-break space', () => {
		expect(formatIdr(35000)).toBe('Rp\u00a035.000');
	});
	it('follows another locale when asked', () => {
		expect(plain(formatIdr(35000, 'en-US'))).toBe('IDR 35,000');
	});
	it('formats bare amounts for receipt columns', () => {
		expect(formatAmount(1234567)).toBe('1.234.567');
		expect(formatAmount(1234567, 'en-US')).toBe('1,234,567');
	});
});

describe('integer guards', () => {
	it('accepts whole safe numbers only', () => {
		expect(isRupiah(35000)).toBe(true);
		expect(isRupiah(-100)).toBe(true);
		expect(isRupiah(35000.5)).toBe(false);
		expect(isRupiah(Number.NaN)).toBe(false);
		expect(isRupiah(Number.POSITIVE_INFINITY)).toBe(false);
		expect(isRupiah(2 ** 53)).toBe(false);
		expect(isRupiah('35000')).toBe(false);
		expect(isNonNegativeRupiah(0)).toBe(true);
		expect(isNonNegativeRupiah(-1)).toBe(false);
	});
	it('assertRupiah throws a RangeError naming the value', () => {
		expect(() => assertRupiah(1.5, 'price')).toThrow(/price must be a whole number of rupiah, got 1.5/);
		expect(() => assertRupiah(15)).not.toThrow();
	});
	it('sums', () => {
		expect(sumRupiah([])).toBe(0);
		expect(sumRupiah([1000, 2500, -500])).toBe(3000);
	});
});

describe('roundHalfUp and percentOf', () => {
	it('rounds halves away from zero and never returns -0', () => {
		expect(roundHalfUp(1234.5)).toBe(1235);
		expect(roundHalfUp(1234.49)).toBe(1234);
		expect(roundHalfUp(-1234.5)).toBe(-1235);
		expect(roundHalfUp(0.1 * 35)).toBe(4);
		expect(Object.is(roundHalfUp(-0.2), 0)).toBe(true);
		expect(() => roundHalfUp(Number.NaN)).toThrow(RangeError);
	});
	it('takes percents in integer maths', () => {
		expect(percentOf(12345, 10)).toBe(1235); // 1234.5 -> 1235
		expect(percentOf(12344, 10)).toBe(1234);
		expect(percentOf(35000, 11)).toBe(3850);
		expect(percentOf(33333, 2.5)).toBe(833); // 833.325
		expect(percentOf(100, 0)).toBe(0);
		expect(percentOf(-12345, 10)).toBe(-1235);
		expect(() => percentOf(100, -1)).toThrow(RangeError);
		expect(() => percentOf(10.5, 10)).toThrow(RangeError);
	});
});

describe('parseRupiah', () => {
	const good: [string, number][] = [
		['50000', 50000],
		['50.000', 50000],
		['50,000', 50000],
		['Rp 50.000', 50000],
		['Rp50.000', 50000],
		['rp. 50.000', 50000],
		['IDR 1,250,000', 1250000],
		['Rp 50.000,00', 50000],
		['1,234,567.00', 1234567],
		['50000,00', 50000],
		['  75 000 ', 75000],
		['50rb', 50000],
		['Rp50rb', 50000],
		['50 ribu', 50000],
		['50k', 50000],
		['50K', 50000],
		['1,5jt', 1500000],
		['1.25 juta', 1250000],
		['2jt', 2000000],
		['1.500rb', 1500000],
		['2,5k', 2500],
		['1,25rb', 1250],
		['1.250.000rb', 1250000000],
		['0', 0],
		['Rp\u00a035.000', 35000]
	];
	for (const [input, value] of good) {
		it(`reads ${JSON.stringify(input)} as ${value}`, () => {
			expect(parseRupiah(input)).toEqual({ ok: true, value });
		});
	}
	const bad: [string, string][] = [
		['', 'empty'],
		['   ', 'empty'],
		['Rp', 'invalid_amount'],
		['abc', 'invalid_amount'],
		['50.00.0', 'invalid_amount'],
		['5.0000', 'invalid_amount'],
		['50.000.00', 'invalid_amount'],
		['1,234.567', 'invalid_amount'],
		['35,5', 'fractional_rupiah'],
		['35.50', 'fractional_rupiah'],
		['50.000,50', 'fractional_rupiah'],
		['1,2345rb', 'invalid_amount'],
		['2,5555k', 'invalid_amount'],
		['1.2.3k', 'invalid_amount'],
		['rb', 'invalid_amount'],
		['-5000', 'negative'],
		['Rp -5.000', 'negative'],
		['99999999999999999999', 'too_large'],
		['2000000jt', 'too_large'],
		['1e5', 'invalid_amount']
	];
	for (const [input, code] of bad) {
		it(`rejects ${JSON.stringify(input)} with ${code}`, () => {
			const r = parseRupiah(input);
			expect(r.ok).toBe(false);
			if (!r.ok) expect(r.error).toEqual({ code, input });
		});
	}
});
