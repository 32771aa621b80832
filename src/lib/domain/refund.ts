// Why: a refund pays back part of what a guest paid; its amount (tax and service included) must be exact, never exceed what was
// paid per line, and a full refund must give back exactly the total, however many partial refunds came before.
import { allocate } from './split';
import type { Rupiah } from './money';
import type { PaymentMethod } from './payment';
import { err, ok, type Result } from './result';

/** One line of a refund: how many of an order line went back and what they were worth (tax and service included). */
export type RefundLine = { line_id: string; product_name: string; qty: number; amount: Rupiah };

/**
 * A refund, embedded in the original order document (one write); its local_id is the derived refund transaction's, whose
 * total_amount is minus `amount` and whose type is 'refund'.
 */
export type RefundEntry = {
	local_id: string;
	lines: RefundLine[];
	/** Paid back, positive rupiah. */
	amount: Rupiah;
	method: PaymentMethod;
	reason: string;
	refunded_at: string;
	cashier_name: string;
	/** Who allowed it (`authorize('refund')`: the signed-in manager or whoever gave a manager PIN); absent on older refunds. */
	approved_by?: string | null;
	/** Their staff id (null for the device manager PIN or without configured staff). */
	approved_by_id?: string | null;
	/** The shift open on the device that paid it back (its drawer gave the cash), null when none. */
	shift_id: string | null;
};

/** What the refund maths reads of an order. */
export type RefundableOrder = {
	status: string;
	items: readonly { line_id?: string; product_name: string; qty: number; price: Rupiah }[];
	total_amount: Rupiah;
	refunds?: readonly RefundEntry[] | null;
};

export type RefundRequestLine = { line_id: string; qty: number };

export type RefundError =
	| { code: 'not_paid' }
	| { code: 'refund_reason_required' }
	| { code: 'nothing_to_refund' }
	| { code: 'unknown_line'; line_id: string }
	| { code: 'refund_exceeds_line'; line_id: string; refundable: number };

/** Quantity already refunded per line. */
export function refundedQty(order: RefundableOrder): Map<string, number> {
	const m = new Map<string, number>();
	for (const r of order.refunds ?? [])
		for (const l of r.lines) m.set(l.line_id, (m.get(l.line_id) ?? 0) + l.qty);
	return m;
}

export type RefundableLine = {
	line_id: string;
	product_name: string;
	qty: number;
	refundable: number;
	price: Rupiah;
};

/** Each line of a paid order with how many can still be refunded. */
export function refundableLines(order: RefundableOrder): RefundableLine[] {
	const done = refundedQty(order);
	return order.items.map((i, n) => {
		const id = i.line_id ?? `#${n}`;
		return {
			line_id: id,
			product_name: i.product_name,
			qty: i.qty,
			price: i.price,
			refundable: Math.max(0, i.qty - (done.get(id) ?? 0))
		};
	});
}

/** Everything refunded so far, rupiah. */
export function refundedAmount(order: { refunds?: readonly { amount: Rupiah }[] | null }): Rupiah {
	return (order.refunds ?? []).reduce((s, r) => s + r.amount, 0);
}

/** none, partial or full: what the order list and receipt show. */
export function refundState(order: RefundableOrder): 'none' | 'partial' | 'full' {
	const amount = refundedAmount(order);
	if (amount === 0 && (order.refunds ?? []).length === 0) return 'none';
	return refundableLines(order).every((l) => l.refundable === 0) ? 'full' : 'partial';
}

/** The part of the total that lines worth `value` (of `subtotal`) stand for: everything once all of it is refunded. */
function shareOfTotal(total: Rupiah, subtotal: Rupiah, value: Rupiah): Rupiah {
	if (subtotal <= 0 || value >= subtotal) return value >= subtotal ? total : 0;
	return Math.floor((total * value * 2 + subtotal) / (2 * subtotal));
}

/**
 * The amount of a refund of these lines: the share of the order's total (service, PB1 and rounding included, in proportion to
 * the lines' value) that the refunded lines stand for, counted cumulatively (refunded after minus refunded before), so partial
 * refunds never add up to more than the total and the last one of a full refund gives back exactly what remains.
 */
export function computeRefund(
	order: RefundableOrder,
	request: readonly RefundRequestLine[],
	reason: string
): Result<{ amount: Rupiah; lines: RefundLine[] }, RefundError> {
	if (order.status !== 'paid') return err({ code: 'not_paid' });
	if (reason.trim() === '') return err({ code: 'refund_reason_required' });
	const lines = refundableLines(order);
	const byId = new Map(lines.map((l) => [l.line_id, l]));
	const wanted = request.filter((r) => r.qty > 0);
	if (wanted.length === 0) return err({ code: 'nothing_to_refund' });
	for (const r of wanted) {
		const l = byId.get(r.line_id);
		if (!l) return err({ code: 'unknown_line', line_id: r.line_id });
		if (!Number.isSafeInteger(r.qty) || r.qty > l.refundable)
			return err({ code: 'refund_exceeds_line', line_id: r.line_id, refundable: l.refundable });
	}
	const subtotal = lines.reduce((s, l) => s + l.price * l.qty, 0);
	const before = lines.reduce((s, l) => s + l.price * (l.qty - l.refundable), 0);
	const value = wanted.reduce((s, r) => s + (byId.get(r.line_id)?.price ?? 0) * r.qty, 0);
	const amount =
		shareOfTotal(order.total_amount, subtotal, before + value) -
		shareOfTotal(order.total_amount, subtotal, before);
	const shares = allocate(
		amount,
		wanted.map((r) => (byId.get(r.line_id)?.price ?? 0) * r.qty)
	);
	return ok({
		amount,
		lines: wanted.map((r, i) => ({
			line_id: r.line_id,
			product_name: byId.get(r.line_id)?.product_name ?? '',
			qty: r.qty,
			amount: shares[i] ?? 0
		}))
	});
}

/** Every line at its full refundable quantity (a full refund). */
export function fullRefundRequest(order: RefundableOrder): RefundRequestLine[] {
	return refundableLines(order)
		.filter((l) => l.refundable > 0)
		.map((l) => ({ line_id: l.line_id, qty: l.refundable }));
}
