// Why: change and quick-cash buttons are what a cashier taps most; they must be exact and never throw.
import type { Rupiah } from './money';
import { err, ok, type Result } from './result';

export type PaymentMethod = 'cash' | 'qris' | 'card';
export const PAYMENT_METHODS: readonly PaymentMethod[] = ['cash', 'qris', 'card'];

export function isPaymentMethod(value: unknown): value is PaymentMethod {
	return value === 'cash' || value === 'qris' || value === 'card';
}

export type CashError =
	{ code: 'insufficient_cash'; shortfall: Rupiah } | { code: 'invalid_amount'; value: number };

/** Change for cash tendered: `tendered - total`, or how much is still missing. */
export function cashChange(total: Rupiah, tendered: Rupiah): Result<Rupiah, CashError> {
	if (!Number.isSafeInteger(tendered) || tendered < 0)
		return err({ code: 'invalid_amount', value: tendered });
	if (!Number.isSafeInteger(total) || total < 0) return err({ code: 'invalid_amount', value: total });
	if (tendered < total) return err({ code: 'insufficient_cash', shortfall: total - tendered });
	return ok(tendered - total);
}

/** The rupiah note steps a guest is likely to hand over above the total. */
export const QUICK_CASH_STEPS: readonly Rupiah[] = [5_000, 10_000, 20_000, 50_000, 100_000];

/**
 * Quick-cash buttons: the exact amount, then the next multiple of each note step above it,
 * distinct and ascending, at most `limit` (5). Rp 35.000 -> 35.000, 40.000, 50.000, 100.000.
 */
export function quickCashSuggestions(total: Rupiah, limit = 5): Rupiah[] {
	if (!Number.isSafeInteger(total) || total < 0 || limit < 1) return [];
	const set = new Set<Rupiah>([total]);
	for (const step of QUICK_CASH_STEPS) {
		const next = Math.ceil(total / step) * step;
		set.add(next);
	}
	// For totals above the largest note, also offer the next two 100.000 steps.
	const top = Math.ceil(total / 100_000) * 100_000;
	if (top > 0) set.add(top === total ? top + 100_000 : top);
	return [...set].sort((a, b) => a - b).slice(0, limit);
}

/** A payment as the order's payment_info records it. */
export type PaymentInfo = { method: PaymentMethod; amount: Rupiah; paid_at: string };

export type PaymentInput =
	{ method: 'cash'; tendered: Rupiah } | { method: 'qris' | 'card'; reference?: string };

export type SettledPayment = {
	method: PaymentMethod;
	amount: Rupiah;
	/** Cash handed over (cash only; null for qris and card). */
	cash_amount: Rupiah | null;
	change_amount: Rupiah | null;
};

/** Settles a payment for a total: cash needs enough tendered; QRIS and card pay the exact total. */
export function settlePayment(total: Rupiah, input: PaymentInput): Result<SettledPayment, CashError> {
	if (input.method === 'cash') {
		const change = cashChange(total, input.tendered);
		if (!change.ok) return change;
		return ok({ method: 'cash', amount: total, cash_amount: input.tendered, change_amount: change.value });
	}
	if (!Number.isSafeInteger(total) || total < 0) return err({ code: 'invalid_amount', value: total });
	return ok({ method: input.method, amount: total, cash_amount: null, change_amount: null });
}
