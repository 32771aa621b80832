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
	payment_info?: { method: string; amount: number; paid_at: string } | null;
	payments?: readonly PaymentEntry[] | null;
};

/** The payments of an order, oldest first (empty when unpaid). */
export function paymentsOf(order: PaidShape): PaymentEntry[] {
	if (order.payments && order.payments.length) return [...order.payments];
	const p = order.payment_info;
	if (!p) return [];
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
