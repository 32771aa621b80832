// Why: the sale's documents as plain values (a draft, a counter's name, the transactions an order stands for, seed 004's
// payment_info), with no database: the selling screen builds them on the UI thread, which loads no RxDB, and db/sales.ts
// (the worker's writes and repairs) uses the same ones.
import type { Cart, CartLine } from '../domain/cart';
import type { OrderStatus } from '../domain/order';
import type { PartInput } from '../domain/split';
import { uuidv7 } from '../domain/ids';
import { NEVER_PUSHED } from './push-state';
import type { OrderDoc, RefundEntry, StoredPayment, TransactionDoc } from './types';

export const DRAFT_PREFIX = 'draft:';
export const draftKey = (tabId: string) => `${DRAFT_PREFIX}${tabId}`;
/** The sale in progress of one tab (kept in `meta`, never replicated): restored after a reload or a crash. */
export interface CartDraft {
	tab_id: string;
	/** The checkout attempt's identity = the local_id its order gets (or has, when `stored`). */
	order_id: string | null;
	/** The order number reserved for this attempt (kept when the cart is abandoned: the next sale uses it, so no gap). */
	order_number: string | null;
	/** The counter the reserved number came from (order:<yyyymmdd>:<OUTLET>:<DEVICE>). */
	number_key: string | null;
	/** True when an order document already exists for order_id (held, sent). */
	stored: boolean;
	/** A reserved number no order used (an abandoned sale's): the next sale takes it. */
	spare_number: string | null;
	spare_key: string | null;
	order_status: OrderStatus;
	created_at: string | null;
	cart: Cart;
	table: string;
	customer: string;
	pax: number | null;
	/**
	 * A split payment's parts collected so far (nothing is written before the last one) and the total they were for: a
	 * reload mid-payment shows them again; parts for another total (the cart changed) are dropped. Absent in older drafts.
	 */
	split_parts?: PartInput[] | null;
	split_total?: number | null;
	updated_at: string;
}

/** Counter key of a day's order numbers for one outlet and device. */
export const orderCounterName = (date: string, outlet: string, device: string) =>
	`order:${date.replaceAll('-', '')}:${outlet}${device ? `:${device}` : ''}`;

/** The fields every transaction of an order shares: its ids, outlet and business day, written once at `at`, never pushed. */
function orderTransaction(
	order: OrderDoc,
	localId: string,
	at: string,
	fields: Pick<
		TransactionDoc,
		'total_amount' | 'payment_method' | 'cash_amount' | 'change_amount' | 'cashier_name' | 'type' | 'reason'
	>
): TransactionDoc {
	return {
		local_id: localId,
		outlet_id: order.outlet_id,
		outlet_code: order.outlet_code,
		order_id: order.local_id,
		...fields,
		version: 1,
		created_at: at,
		updated_at: at,
		business_date: order.business_date,
		...NEVER_PUSHED
	};
}

function paymentTransaction(order: OrderDoc, p: StoredPayment): TransactionDoc {
	return orderTransaction(order, p.local_id, p.paid_at, {
		total_amount: p.amount,
		payment_method: p.method,
		cash_amount: p.cash_amount,
		change_amount: p.change_amount,
		cashier_name: p.cashier_name,
		type: 'payment',
		reason: null
	});
}

/** A refund as the cloud takes it: its own type, minus the amount paid back, linked to the refunded order by order_id. */
function refundTransaction(order: OrderDoc, r: RefundEntry): TransactionDoc {
	return orderTransaction(order, r.local_id, r.refunded_at, {
		total_amount: -r.amount,
		payment_method: r.method,
		cash_amount: null,
		change_amount: null,
		cashier_name: r.cashier_name,
		type: 'refund',
		reason: r.reason
	});
}

/** The transaction records an order's payments and refunds stand for (same local_ids as the entries). */
export function transactionDocs(order: OrderDoc): TransactionDoc[] {
	return [
		...(order.payments ?? []).map((p) => paymentTransaction(order, p)),
		...(order.refunds ?? []).map((r) => refundTransaction(order, r))
	];
}

/** The draft with its sale part emptied: the sale completed, its number is used. */
export function clearedDraft(d: CartDraft, now: string): CartDraft {
	return {
		...d,
		order_id: null,
		order_number: null,
		number_key: null,
		stored: false,
		order_status: 'open',
		created_at: null,
		cart: { lines: [] as CartLine[], next_line: 1 },
		table: '',
		customer: '',
		pax: null,
		split_parts: null,
		split_total: null,
		updated_at: now
	};
}

/** seed 004's one payment_info (the whole total under the first method), with the parts of a split payment as an extension. */
export function paymentInfoOf(
	payments: readonly { method: string; amount: number }[],
	total: number,
	paidAt: string
): OrderDoc['payment_info'] {
	const first = payments[0];
	if (!first) return null;
	const info = { method: first.method, amount: total, paid_at: paidAt };
	return payments.length > 1
		? { ...info, payments: payments.map((p) => ({ method: p.method, amount: p.amount })) }
		: info;
}

/** A split part's (or a merge's) own id (UUIDv7). */
export const newPartId = () => uuidv7(Date.now(), crypto.getRandomValues(new Uint8Array(10)));
