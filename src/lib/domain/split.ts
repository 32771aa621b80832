// Why: splitting money (a bill into parts, a total across payment methods) must add up to the rupiah, every time, in one pure place.
import { isNonNegativeRupiah, type Rupiah } from './money';
import type { SettledPayment } from './payment';
import { err, ok, type Result } from './result';

/**
 * Splits `amount` in proportion to `weights` by cumulative rounding: part i is round(amount * W_i / W) - round(amount * W_(i-1) / W)
 * where W_i is the running sum of weights. The parts always add up to `amount` exactly, a zero weight gets 0, and the same
 * weights give the same parts. All weights zero: everything goes to the first part.
 */
export function allocate(amount: Rupiah, weights: readonly number[]): Rupiah[] {
	if (weights.length === 0) return [];
	const total = weights.reduce((s, w) => s + w, 0);
	if (total <= 0) return weights.map((_, i) => (i === 0 ? amount : 0));
	const out: Rupiah[] = [];
	let run = 0;
	let before = 0;
	for (const w of weights) {
		run += w;
		// Integer maths while safe: amount * run fits in 2^53 for any till amount and weights in rupiah.
		const upTo = run === total ? amount : Math.floor((amount * run * 2 + total) / (2 * total));
		out.push(upTo - before);
		before = upTo;
	}
	return out;
}

/** An amount split equally by `n`: the parts differ by at most 1 rupiah (the first ones carry the remainder) and sum exactly. */
export function splitEqually(amount: Rupiah, n: number): Rupiah[] {
	if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`parts must be a positive integer, got ${n}`);
	const base = Math.floor(amount / n);
	const rest = amount - base * n;
	return Array.from({ length: n }, (_, i) => base + (i < rest ? 1 : 0));
}

/** The money fields of an order (what a part of a split bill carries its share of). */
export type OrderMoney = {
	subtotal: Rupiah;
	service_amount: Rupiah;
	tax_amount: Rupiah;
	rounding_amount: Rupiah;
	total_amount: Rupiah;
};

/**
 * The money of each part of a bill whose parts pay `totals` of its total (which add up to it): subtotal, service and PB1 are
 * shared in proportion by cumulative rounding, so each column of the parts adds up to the original's; the rounding line takes
 * what is left, so each part's fields add up to its total.
 */
export function shareMoney(order: OrderMoney, totals: readonly Rupiah[]): OrderMoney[] {
	const sub = allocate(order.subtotal, totals);
	const svc = allocate(order.service_amount, totals);
	const tax = allocate(order.tax_amount, totals);
	return totals.map((total, i) => {
		const s = sub[i] ?? 0;
		const v = svc[i] ?? 0;
		const x = tax[i] ?? 0;
		return {
			subtotal: s,
			service_amount: v,
			tax_amount: x,
			rounding_amount: total - s - v - x,
			total_amount: total
		};
	});
}

/** Parts of a bill split by lines: `groups[i]` lists the line subtotals of part i; each part pays its share of the total. */
export function splitByLineSubtotals(totalAmount: Rupiah, groups: readonly (readonly Rupiah[])[]): Rupiah[] {
	return allocate(
		totalAmount,
		groups.map((g) => g.reduce((s, x) => s + x, 0))
	);
}

/** One part of a split payment as the cashier enters it. */
export type PartInput =
	{ method: 'cash'; amount: Rupiah; tendered: Rupiah } | { method: 'qris' | 'card'; amount: Rupiah };

export type SplitPaymentError =
	| { code: 'invalid_amount'; value: number }
	| { code: 'insufficient_cash'; shortfall: Rupiah }
	| { code: 'over_total'; over: Rupiah }
	| { code: 'not_covered'; remaining: Rupiah };

/** What is still to pay after these parts (never below 0). */
export function remainingAfter(total: Rupiah, parts: readonly { amount: Rupiah }[]): Rupiah {
	return Math.max(0, total - parts.reduce((s, p) => s + p.amount, 0));
}

/** Checks one more part against what remains: a positive whole amount not above it; cash tendered covers its own part. */
export function settlePart(remaining: Rupiah, part: PartInput): Result<SettledPayment, SplitPaymentError> {
	if (!isNonNegativeRupiah(part.amount) || part.amount === 0)
		return err({ code: 'invalid_amount', value: part.amount });
	if (part.amount > remaining) return err({ code: 'over_total', over: part.amount - remaining });
	if (part.method === 'cash') {
		if (!isNonNegativeRupiah(part.tendered)) return err({ code: 'invalid_amount', value: part.tendered });
		if (part.tendered < part.amount)
			return err({ code: 'insufficient_cash', shortfall: part.amount - part.tendered });
		// Change is only ever given on the cash part.
		return ok({
			method: 'cash',
			amount: part.amount,
			cash_amount: part.tendered,
			change_amount: part.tendered - part.amount
		});
	}
	return ok({ method: part.method, amount: part.amount, cash_amount: null, change_amount: null });
}

/** Settles every part of a split payment: each valid, together exactly the total (no more, no less). */
export function settleSplit(
	total: Rupiah,
	parts: readonly PartInput[]
): Result<SettledPayment[], SplitPaymentError> {
	const out: SettledPayment[] = [];
	let remaining = total;
	for (const p of parts) {
		const s = settlePart(remaining, p);
		if (!s.ok) return s;
		out.push(s.value);
		remaining -= s.value.amount;
	}
	if (remaining > 0) return err({ code: 'not_covered', remaining });
	return ok(out);
}

/** Total paid per method (a split payment's summary line). */
export function byMethod(payments: readonly { method: string; amount: Rupiah }[]) {
	const m = new Map<string, Rupiah>();
	for (const p of payments) m.set(p.method, (m.get(p.method) ?? 0) + p.amount);
	return m;
}
