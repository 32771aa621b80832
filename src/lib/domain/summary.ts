// Why: the daily summary (seed 004 `analytics/daily`) is computed on the till from its own orders, offline.
import type { Rupiah } from './money';
import type { OrderStatus } from './order';
import { businessDate, DEFAULT_DAY_START } from './business-day';
import { outletHour, type OutletTimeZone } from './time';

/** What the summary needs of an order; OrderPayload fits. */
export type SummaryOrder = {
	local_id: string;
	status: OrderStatus;
	total_amount: Rupiah;
	items: readonly { product_name: string; qty: number; subtotal: Rupiah }[];
	payment_info: { method: string; paid_at: string } | null;
	updated_at: string;
};

/** What the summary needs of a transaction; TransactionPayload fits. */
export type SummaryTransaction = { local_id: string; order_id: string; payment_method: string };

export type DailySummary = {
	total_orders: number;
	total_revenue: Rupiah;
	total_transactions: number;
	payment_methods: Record<string, number>;
	top_products: { product_name: string; qty_sold: number; revenue: Rupiah }[];
	hourly_breakdown: { hour: number; orders: number; revenue: Rupiah }[];
};

export type DailySummaryPayload = {
	outlet_id: string;
	outlet_code: string;
	date: string;
	summary: DailySummary;
};

/** When an order counts: the moment it was paid (updated_at for an old order missing paid_at). */
function paidAt(order: SummaryOrder): string {
	return order.payment_info?.paid_at ?? order.updated_at;
}

/** What a day's summary is computed from. */
export interface SummaryInput {
	date: string;
	timeZone: OutletTimeZone;
	orders: readonly SummaryOrder[];
	transactions: readonly SummaryTransaction[];
	topLimit?: number;
	/** The outlet's business day boundary "HH:MM" (default 05:00): a sale at 01:30 counts for the day before. */
	dayStart?: string;
}

/**
 * Summarises one business day ("YYYY-MM-DD" in the outlet's zone, from its day boundary): paid orders paid that day,
 * their transactions, payment method counts (cash, qris and card always present), the top
 * products by quantity (ties by revenue, then name) and the non-empty hours in ascending order.
 * Open, sent and void orders are left out, and so are the transactions of voided orders.
 */
export function dailySummary(input: SummaryInput): DailySummary {
	const dayStart = input.dayStart ?? DEFAULT_DAY_START;
	const paid = input.orders.filter(
		(o) => o.status === 'paid' && businessDate(paidAt(o), input.timeZone, dayStart) === input.date
	);
	const paidIds = new Set(paid.map((o) => o.local_id));
	const seenTx = new Set<string>();
	const txs = input.transactions.filter((t) => {
		if (!paidIds.has(t.order_id) || seenTx.has(t.local_id)) return false;
		seenTx.add(t.local_id);
		return true;
	});

	const payment_methods: Record<string, number> = { cash: 0, qris: 0, card: 0 };
	for (const t of txs) payment_methods[t.payment_method] = (payment_methods[t.payment_method] ?? 0) + 1;

	const products = new Map<string, { product_name: string; qty_sold: number; revenue: Rupiah }>();
	const hours = new Map<number, { hour: number; orders: number; revenue: Rupiah }>();
	let total_revenue = 0;
	for (const o of paid) {
		total_revenue += o.total_amount;
		for (const item of o.items) {
			const p = products.get(item.product_name) ?? {
				product_name: item.product_name,
				qty_sold: 0,
				revenue: 0
			};
			p.qty_sold += item.qty;
			p.revenue += item.subtotal;
			products.set(item.product_name, p);
		}
		const hour = outletHour(paidAt(o), input.timeZone);
		const h = hours.get(hour) ?? { hour, orders: 0, revenue: 0 };
		h.orders += 1;
		h.revenue += o.total_amount;
		hours.set(hour, h);
	}
	const top_products = [...products.values()]
		.sort(
			(a, b) =>
				b.qty_sold - a.qty_sold ||
				b.revenue - a.revenue ||
				(a.product_name < b.product_name ? -1 : a.product_name > b.product_name ? 1 : 0)
		)
		.slice(0, input.topLimit ?? 10);

	return {
		total_orders: paid.length,
		total_revenue,
		total_transactions: txs.length,
		payment_methods,
		top_products,
		hourly_breakdown: [...hours.values()].sort((a, b) => a.hour - b.hour)
	};
}

/** The body of `POST /api/v1/outlets/{outlet_id}/analytics/daily`. */
export function buildDailySummaryPayload(
	input: SummaryInput & { outlet_id: string; outlet_code: string }
): DailySummaryPayload {
	return {
		outlet_id: input.outlet_id,
		outlet_code: input.outlet_code,
		date: input.date,
		summary: dailySummary(input)
	};
}
