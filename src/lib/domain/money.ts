// Why: money is an integer number of rupiah everywhere; this is the one place that formats, parses and guards it.
import { err, ok, type Result } from './result';

/** An integer number of rupiah. A plain number alias: the guards below keep it whole. */
export type Rupiah = number;

/** True when `value` is a whole, safe number of rupiah (may be negative, e.g. a rounding adjustment). */
export function isRupiah(value: unknown): value is Rupiah {
	return typeof value === 'number' && Number.isSafeInteger(value);
}

/** True for a whole, safe, non-negative amount (prices, totals, tendered cash). */
export function isNonNegativeRupiah(value: unknown): value is Rupiah {
	return isRupiah(value) && value >= 0;
}

/** Throws for a non-integer amount: for programmer errors only, never for what a cashier typed. */
export function assertRupiah(value: unknown, what = 'amount'): asserts value is Rupiah {
	if (!isRupiah(value))
		throw new RangeError(`${what} must be a whole number of rupiah, got ${String(value)}`);
}

/** Rounds half away from zero to a whole rupiah (1234.5 -> 1235, -1234.5 -> -1235). */
export function roundHalfUp(value: number): Rupiah {
	if (!Number.isFinite(value)) throw new RangeError(`cannot round ${String(value)}`);
	const sign = value < 0 ? -1 : 1;
	// The epsilon absorbs binary noise such as 0.1 * 35 = 3.5000000000000004 or 1.005 * 1000.
	const r = sign * Math.floor(Math.abs(value) + 0.5 + 1e-9);
	return r === 0 ? 0 : r; // never -0
}

/**
 * `amount * percent / 100`, rounded half-up, with the percent carried as basis points so that
 * 2.5 % or 11 % never go through binary fractions of the amount.
 */
export function percentOf(amount: Rupiah, percent: number): Rupiah {
	assertRupiah(amount);
	const bp = Math.round(percent * 100);
	if (!Number.isFinite(bp) || bp < 0)
		throw new RangeError(`percent must be a non-negative number, got ${percent}`);
	const product = Math.abs(amount) * bp;
	const whole = Math.floor(product / 10000);
	const rest = product - whole * 10000;
	const r = (whole + (rest >= 5000 ? 1 : 0)) * Math.sign(amount);
	return r === 0 ? 0 : r;
}

export function sumRupiah(values: readonly Rupiah[]): Rupiah {
	let total = 0;
	for (const v of values) total += v;
	return total;
}

const formatters = new Map<string, Intl.NumberFormat>();
function formatter(locale: string, currency: boolean): Intl.NumberFormat {
	const key = `${locale}|${currency ? 'c' : 'n'}`;
	let f = formatters.get(key);
	if (!f) {
		f = new Intl.NumberFormat(locale, {
			...(currency ? { style: 'currency', currency: 'IDR', currencyDisplay: 'symbol' } : {}),
			minimumFractionDigits: 0,
			maximumFractionDigits: 0
		});
		formatters.set(key, f);
	}
	return f;
}

/**
 * "Rp 35.000" (id-ID) or "IDR 35,000" (en-US). The separator between symbol and number is the
 * no-break space Intl emits, so the amount never wraps away from its symbol.
 */
export function formatIdr(amount: Rupiah, locale = 'id-ID'): string {
	return formatter(locale, true).format(amount);
}

/** The bare number with the locale's grouping, "35.000": for receipt columns and inputs. */
export function formatAmount(amount: Rupiah, locale = 'id-ID'): string {
	return formatter(locale, false).format(amount);
}

export type ParseRupiahError = {
	code: 'empty' | 'invalid_amount' | 'negative' | 'fractional_rupiah' | 'too_large';
	input: string;
};

/** The largest amount a till accepts as typed cash: a trillion rupiah is a typo, not a payment. */
export const MAX_TYPED_RUPIAH = 1_000_000_000_000;

const SUFFIXES: Record<string, number> = { rb: 1_000, ribu: 1_000, k: 1_000, jt: 1_000_000, juta: 1_000_000 };

/**
 * Reads a typed cash amount: "50000", "50.000", "50,000", "Rp 50.000", "Rp50.000,00",
 * "50rb", "50 ribu", "50k", "1,5jt", "1.5 juta", "1.500rb". Dots and commas followed by exactly three
 * digits group thousands; a decimal part (one or two digits) is only allowed when it is zero, or with
 * a rb/k/jt suffix and the result is whole. Anything else is an error value, never a guess.
 */
export function parseRupiah(text: string): Result<Rupiah, ParseRupiahError> {
	const input = text;
	let s = text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
	if (s === '') return err({ code: 'empty', input });
	let negative = false;
	if (s.startsWith('-')) {
		negative = true;
		s = s.slice(1);
	}
	s = s.replace(/^(rp\.?|idr)/, '');
	if (s.startsWith('-')) {
		negative = true;
		s = s.slice(1);
	}
	if (s === '') return err({ code: 'invalid_amount', input });

	const suffix = /^(.*?)(ribu|rb|juta|jt|k)$/.exec(s);
	let value: number;
	if (suffix) {
		const multiplier = SUFFIXES[suffix[2] ?? ''] ?? 1;
		let num = suffix[1] ?? '';
		// Three-digit groups are thousands ("1.500rb" is 1.500 x 1.000); one or two digits are decimals ("1,5jt").
		if (/^\d{1,3}([.,])\d{3}(\1\d{3})*$/.test(num)) num = num.replace(/[.,]/g, '');
		const m = /^(\d+)(?:[.,](\d{1,2}))?$/.exec(num);
		if (!m) return err({ code: 'invalid_amount', input });
		const intPart = Number(m[1]);
		const frac = m[2] ?? '';
		// Integer maths: "1,25jt" = 1 * 1e6 + 25 * 1e6 / 100.
		const fracScale = 10 ** frac.length;
		const fracValue = frac === '' ? 0 : (Number(frac) * multiplier) / fracScale;
		if (!Number.isInteger(fracValue)) return err({ code: 'fractional_rupiah', input });
		value = intPart * multiplier + fracValue;
	} else if (/^\d+$/.test(s)) {
		value = Number(s);
	} else {
		const grouped = /^(\d{1,3}(?:([.,])\d{3})(?:\2\d{3})*)(?:([.,])(\d{1,2}))?$/.exec(s);
		if (grouped && (grouped[3] === undefined || grouped[3] !== grouped[2])) {
			if (grouped[4] !== undefined && !/^0+$/.test(grouped[4]))
				return err({ code: 'fractional_rupiah', input });
			value = Number((grouped[1] ?? '').replace(/[.,]/g, ''));
		} else if (/^\d+[.,]\d{1,2}$/.test(s)) {
			// "50000,00" is whole; "35,5" is not a rupiah amount.
			const frac = s.slice(s.search(/[.,]/) + 1);
			if (!/^0+$/.test(frac)) return err({ code: 'fractional_rupiah', input });
			value = Number(s.slice(0, s.search(/[.,]/)));
		} else {
			return err({ code: 'invalid_amount', input });
		}
	}
	if (!Number.isSafeInteger(value) || value > MAX_TYPED_RUPIAH) return err({ code: 'too_large', input });
	if (negative && value !== 0) return err({ code: 'negative', input });
	return ok(value);
}
