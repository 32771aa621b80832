// Why: reports, shifts and reconciliation read an order's payments through this one function, never the
// transactions collection: today an order carries one `payment_info`; the split-payment work will embed
// `order.payments: PaymentEntry[]`, and only this function changes then.
import type { Rupiah } from './money';

export type PaymentEntry = {
	local_id: string;
	method: string;
	amount: Rupiah;
	cash_amount: Rupiah | null;
	change_amount: Rupiah | null;
	paid_at: string;
};

/** What `paymentsOf` reads of an order: today's `payment_info`, or tomorrow's embedded `payments`. */
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
