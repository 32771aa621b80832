// Why: a cashier's shift, pure: the drawer's expected cash (opening + cash sales + cash in − cash out), expected
// QRIS/card, the counted amounts and their variance, when the manager PIN is needed. The X/Z report lines are in
// shift-report.ts (the shift screen's; the selling screen loads this file, not the receipt layout).
import type { Rupiah } from './money';
import { paymentsOf, refundsOf, type PaidShape } from './payments';

export const SHIFT_METHODS = ['cash', 'qris', 'card'] as const;
export type ShiftMethod = (typeof SHIFT_METHODS)[number];
export type PerMethod = Record<ShiftMethod, Rupiah>;

export type CashMovement = {
	local_id: string;
	kind: 'in' | 'out';
	amount: Rupiah;
	reason: string;
	at: string;
};

/** What the shift arithmetic needs of a shift; ShiftDoc fits. */
export type ShiftCore = {
	local_id: string;
	opening_cash: Rupiah;
	movements: readonly CashMovement[];
	opened_at: string;
	closed_at: string | null;
};

export type ShiftOrder = PaidShape & {
	status: string;
	total_amount: Rupiah;
	shift_id?: string | null;
	/** Line + order discounts of the order (domain/discount.ts); absent: none. */
	discount_amount?: Rupiah;
};

export type ShiftTotals = {
	/** Paid orders of the shift per method: count and sum. */
	sales: Record<string, { count: number; sum: Rupiah }>;
	paid: { count: number; sum: Rupiah };
	voids: { count: number; sum: Rupiah };
	/** Refunds paid back during the shift, per method (cash ones left the drawer). */
	refunds: Record<string, { count: number; sum: Rupiah }>;
	/** Paid orders that had a discount, and the rupiah the discounts took off. */
	discounts: { count: number; sum: Rupiah };
	cash_in: Rupiah;
	cash_out: Rupiah;
	expected: PerMethod;
};

export const zeroPerMethod = (): PerMethod => ({ cash: 0, qris: 0, card: 0 });

/** The shift's totals over its orders (orders of another shift are ignored). */
export function shiftTotals(shift: ShiftCore, orders: readonly ShiftOrder[]): ShiftTotals {
	const sales: ShiftTotals['sales'] = {
		cash: { count: 0, sum: 0 },
		qris: { count: 0, sum: 0 },
		card: { count: 0, sum: 0 }
	};
	const paid = { count: 0, sum: 0 };
	const voids = { count: 0, sum: 0 };
	const refunds: ShiftTotals['refunds'] = {};
	const discounts = { count: 0, sum: 0 };
	for (const o of orders) {
		for (const r of refundsOf(o)) {
			// A refund belongs to the shift that paid it back (the order may be from an earlier one).
			if ((r.shift_id ?? o.shift_id) !== shift.local_id) continue;
			const m = (refunds[r.method] ??= { count: 0, sum: 0 });
			m.count++;
			m.sum += r.amount;
		}
		if (o.shift_id !== shift.local_id) continue;
		if (o.status === 'void') {
			voids.count++;
			voids.sum += o.total_amount;
		}
		if (o.status !== 'paid') continue;
		paid.count++;
		paid.sum += o.total_amount;
		if (o.discount_amount) {
			discounts.count++;
			discounts.sum += o.discount_amount;
		}
		for (const p of paymentsOf(o)) {
			const m = (sales[p.method] ??= { count: 0, sum: 0 });
			m.count++;
			m.sum += p.amount;
		}
	}
	let cash_in = 0;
	let cash_out = 0;
	for (const m of shift.movements) {
		if (m.kind === 'in') cash_in += m.amount;
		else cash_out += m.amount;
	}
	return {
		sales,
		paid,
		voids,
		refunds,
		discounts,
		cash_in,
		cash_out,
		expected: {
			cash: shift.opening_cash + (sales.cash?.sum ?? 0) - (refunds.cash?.sum ?? 0) + cash_in - cash_out,
			qris: (sales.qris?.sum ?? 0) - (refunds.qris?.sum ?? 0),
			card: (sales.card?.sum ?? 0) - (refunds.card?.sum ?? 0)
		}
	};
}

/** counted − expected per method (negative: short), and the total. */
export function variance(expected: PerMethod, counted: PerMethod): PerMethod & { total: Rupiah } {
	const v = {
		cash: counted.cash - expected.cash,
		qris: counted.qris - expected.qris,
		card: counted.card - expected.card
	};
	return { ...v, total: v.cash + v.qris + v.card };
}

/** Closing needs the manager PIN when any method's variance is beyond the threshold (either way). */
export function needsManagerPin(v: PerMethod, threshold: Rupiah): boolean {
	return SHIFT_METHODS.some((m) => Math.abs(v[m]) > Math.max(0, threshold));
}

/** A cash movement is a positive whole rupiah amount with a reason; cash out cannot exceed the drawer. */
export function checkMovement(
	kind: 'in' | 'out',
	amount: number,
	reason: string,
	drawer: Rupiah
): { ok: true } | { ok: false; code: 'invalid_amount' | 'reason_required' | 'exceeds_drawer' } {
	if (!Number.isSafeInteger(amount) || amount <= 0) return { ok: false, code: 'invalid_amount' };
	if (!reason.trim()) return { ok: false, code: 'reason_required' };
	if (kind === 'out' && amount > drawer) return { ok: false, code: 'exceeds_drawer' };
	return { ok: true };
}
