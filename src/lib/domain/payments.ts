// Why: reports, shifts and reconciliation read an order's payments through this one function, never the
// transactions collection: a sale embeds them as `order.payments` (one atomic write); orders stored before
// that carry one `payment_info`, which reads as a single payment here.
import type { PaymentEntry as OrderPayment } from './order';

/** A payment as reports read it: the embedded entry, or one made from a legacy `payment_info`. */
export type PaymentEntry = Omit<OrderPayment, 'method' | 'cashier_name'> & {
	method: string;
	cashier_name?: string;
};

/** What `paymentsOf` reads of an order: its embedded `payments`, or a legacy `payment_info`. */
export type PaidShape = {
	local_id: string;
	payment_info?: {
		method: string;
		amount: number;
		paid_at: string;
		/** Extension: the parts of a split payment (what the cloud knows of them, with the order). */
		payments?: readonly { method: string; amount: number }[];
	} | null;
	payments?: readonly PaymentEntry[] | null;
	refunds?: readonly RefundShape[] | null;
};

/** A refund as reports read it (see domain/refund RefundEntry). */
export type RefundShape = {
	local_id: string;
	method: string;
	amount: number;
	refunded_at: string;
	shift_id?: string | null;
};

/** The refunds of an order, oldest first. */
export function refundsOf(order: PaidShape): RefundShape[] {
	return [...(order.refunds ?? [])];
}

/** The payments of an order, oldest first (empty when unpaid). */
export function paymentsOf(order: PaidShape): PaymentEntry[] {
	if (order.payments && order.payments.length) return [...order.payments];
	const p = order.payment_info;
	if (!p) return [];
	if (p.payments && p.payments.length > 1)
		return p.payments.map((part, i) => ({
			local_id: `${order.local_id}:pay:${i}`,
			method: part.method,
			amount: part.amount,
			cash_amount: null,
			change_amount: null,
			paid_at: p.paid_at
		}));
	return [
		{
			local_id: `${order.local_id}:pay`,
			method: p.method,
			amount: p.amount,
			cash_amount: null,
			change_amount: null,
			paid_at: p.paid_at
		}
	];
}
