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

/**
 * What one order adds to a shift's totals: its sale or void when it is the shift's (`own`), and the refunds paid back
 * during the shift (an order may be refunded in a later shift). Plain numbers, so a shift's totals can be kept from
 * these alone (db/shift-summary.ts) and give exactly what folding the orders gives.
 */
export type ShiftContribution = {
	own: boolean;
	status: string;
	total: Rupiah;
	discount: Rupiah;
	/** Payments, [method, amount], oldest first. */
	pay: [string, Rupiah][];
	/** Refunds paid back during the shift, [method, amount], oldest first. */
	ref: [string, Rupiah][];
};

/** An order's contribution to the totals of shift `shiftId`. */
export function shiftContribution(shiftId: string, o: ShiftOrder): ShiftContribution {
	const own = o.shift_id === shiftId;
	return {
		own,
		status: o.status,
		total: o.total_amount,
		discount: o.discount_amount ?? 0,
		pay: own && o.status === 'paid' ? paymentsOf(o).map((p) => [p.method, p.amount]) : [],
		ref: refundsOf(o).flatMap((r): [string, Rupiah][] =>
			(r.shift_id ?? o.shift_id) === shiftId ? [[r.method, r.amount]] : []
		)
	};
}

/** The shift's totals over its orders (orders of another shift are ignored). */
export function shiftTotals(shift: ShiftCore, orders: readonly ShiftOrder[]): ShiftTotals {
	return addContributions(
		shift,
		orders.map((o) => shiftContribution(shift.local_id, o))
	);
}

/** What a shift's orders add up to, without the shift's own cash (opening, movements): plain JSON, kept with a summary. */
export type ShiftOrderTotals = Pick<ShiftTotals, 'sales' | 'paid' | 'voids' | 'refunds' | 'discounts'>;

/** The shift's totals over its orders' contributions, in the orders' order (see shiftContribution). */
export function addContributions(shift: ShiftCore, contributions: Iterable<ShiftContribution>): ShiftTotals {
	return withShiftCash(shift, foldContributions(contributions));
}

/** The orders' part of a shift's totals, folded in the orders' order (the per-method maps list methods as first met). */
export function foldContributions(contributions: Iterable<ShiftContribution>): ShiftOrderTotals {
	const sales: ShiftTotals['sales'] = {
		cash: { count: 0, sum: 0 },
		qris: { count: 0, sum: 0 },
		card: { count: 0, sum: 0 }
	};
	const paid = { count: 0, sum: 0 };
	const voids = { count: 0, sum: 0 };
	const refunds: ShiftTotals['refunds'] = {};
	const discounts = { count: 0, sum: 0 };
	for (const c of contributions) {
		// A refund belongs to the shift that paid it back (the order may be from an earlier one).
		for (const [method, amount] of c.ref) {
			const m = (refunds[method] ??= { count: 0, sum: 0 });
			m.count++;
			m.sum += amount;
		}
		if (!c.own) continue;
		if (c.status === 'void') {
			voids.count++;
			voids.sum += c.total;
		}
		if (c.status !== 'paid') continue;
		paid.count++;
		paid.sum += c.total;
		if (c.discount) {
			discounts.count++;
			discounts.sum += c.discount;
		}
		for (const [method, amount] of c.pay) {
			const m = (sales[method] ??= { count: 0, sum: 0 });
			m.count++;
			m.sum += amount;
		}
	}
	return { sales, paid, voids, refunds, discounts };
}

/** A shift's totals from its orders' part and its own cash (opening, movements). */
export function withShiftCash(shift: ShiftCore, orders: ShiftOrderTotals): ShiftTotals {
	const { sales, paid, voids, refunds, discounts } = orders;
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
