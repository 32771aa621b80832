// Why: rebuilds a receipt (first print or reprint) from the stored order and its transaction, laid out by the domain for 58/80 mm paper.
// The order is read through the worker (the receipt follows every sale: the selling flow loads no RxDB on the UI thread).
import type { OrderDoc, TransactionDoc } from '$lib/db';
import { transactionDocs } from '$lib/db/sale-docs';
import { discountBreakdown, discountLabel, discountOf } from '$lib/domain/discount';
import { isPaymentMethod } from '$lib/domain/payment';
import { layoutReceipt, PAPER_WIDTHS, type ReceiptData, type ReceiptRefund } from '$lib/domain/receipt';
import { app } from '$lib/managers/app.svelte';
import { chargeSettings, lineFromItem } from '$lib/managers/cart.svelte';
import { i18n } from '$lib/i18n/i18n.svelte';
import { sales } from './sales-client';

export type Paper = keyof typeof PAPER_WIDTHS;

export interface LoadedReceipt {
	order: OrderDoc;
	transaction: TransactionDoc | null;
	data: ReceiptData;
}

/** The lines' total after their own discounts: what the order discount applied to. */
function orderLinesNet(order: OrderDoc): number {
	const b = discountBreakdown(order.items.map(lineFromItem), null);
	return b.net;
}

/** The receipt of an order, or of one of its refunds when `refundId` is given. */
export async function loadReceipt(
	localId: string,
	reprint: boolean,
	refundId: string | null = null
): Promise<LoadedReceipt | null> {
	const order = await sales().readOrder(localId);
	if (!order) return null;
	// The payment comes from the order itself (written in the same write as status paid); the transaction record is derived.
	const paid = order.payments[0];
	const transaction: TransactionDoc | null = paid ? (transactionDocs(order)[0] ?? null) : null;
	const charges = chargeSettings(app.store?.config);
	const method = transaction?.payment_method;
	const data: ReceiptData = {
		outlet: { name: app.store?.name ?? order.outlet_code, address: app.store?.address },
		order_number: order.order_number,
		at:
			(refundId && (order.refunds ?? []).find((x) => x.local_id === refundId)?.refunded_at) ||
			(order.payment_info?.paid_at ?? order.updated_at),
		timeZone: app.timeZone,
		table_number: order.table_number,
		customer_name: order.customer_name,
		pax: order.pax,
		cashier_name: transaction?.cashier_name ?? order.cashier_name ?? app.settings?.ho_username ?? 'Kasir',
		lines: order.items.map(lineFromItem),
		totals: {
			subtotal: order.subtotal,
			service_charge: order.service_amount,
			tax: order.tax_amount,
			total_before_rounding: order.total_amount - order.rounding_amount,
			rounding: order.rounding_amount,
			total: order.total_amount
		},
		order_discount: order.discount
			? { label: discountLabel(order.discount), amount: discountOf(order.discount, orderLinesNet(order)) }
			: null,
		tax_rate: charges.tax_rate,
		service_rate: charges.service_rate,
		payment:
			transaction && method && isPaymentMethod(method)
				? {
						method,
						amount: transaction.total_amount,
						cash_amount: transaction.cash_amount,
						change_amount: transaction.change_amount
					}
				: null,
		payments: order.payments.flatMap((p) =>
			isPaymentMethod(p.method)
				? [
						{
							method: p.method,
							amount: p.amount,
							cash_amount: p.cash_amount,
							change_amount: p.change_amount
						}
					]
				: []
		),
		refund: refundOf(order, refundId),
		footer: app.store?.config.receipt_footer,
		reprint,
		voided: order.status === 'void',
		language: i18n.lang
	};
	return { order, transaction, data };
}

function refundOf(order: OrderDoc, refundId: string | null): ReceiptRefund | null {
	const r = refundId ? (order.refunds ?? []).find((x) => x.local_id === refundId) : undefined;
	if (!r) return null;
	return {
		amount: r.amount,
		method: r.method,
		reason: r.reason,
		approved_by: r.approved_by ?? null,
		lines: r.lines.map((l) => ({ product_name: l.product_name, qty: l.qty, amount: l.amount }))
	};
}

export function receiptLines(data: ReceiptData, paper: Paper): string[] {
	return layoutReceipt(data, PAPER_WIDTHS[paper]);
}
