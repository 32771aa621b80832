// Why: the manager's sales report over local data, offline: an accumulator fed one order at a time (stored days come
// from their partials, report-day.ts), and CSV. Stored orders are fed in (business_date, local_id) order.
import type { Rupiah } from './money';
import { paymentsOf, refundsOf, type PaidShape } from './payments';
import { localParts, outletHour, type OutletTimeZone } from './time';

export type ReportOrder = PaidShape & {
	status: string;
	subtotal: Rupiah;
	service_amount: Rupiah;
	tax_amount: Rupiah;
	rounding_amount: Rupiah;
	total_amount: Rupiah;
	/** Line + order discounts (domain/discount.ts); absent: none. */
	discount_amount?: Rupiah;
	pax: number | null;
	created_at: string;
	business_date: string;
	items: readonly { product_name: string; category?: string; qty: number; subtotal: Rupiah }[];
};

/** The sums a report and a day's partial both carry. */
export type ReportTotals = {
	/** Paid orders. */
	orders: number;
	/** Items rung up on paid and voided orders, before service and tax. */
	gross_sales: Rupiah;
	/** Gross minus voided: the items of paid orders, before service and tax. */
	net_sales: Rupiah;
	service: Rupiah;
	/** PB1 (restaurant tax). */
	tax: Rupiah;
	rounding: Rupiah;
	/** What customers paid: net - discounts + service + tax + rounding. */
	collected: Rupiah;
	voids: { count: number; sum: Rupiah };
	/** Refunds of the period's paid orders (already taken off `collected` and their method's sum). */
	refunds: { count: number; sum: Rupiah };
	/** Paid orders with a discount, and what the discounts took off (before service and PB1). */
	discounts: { count: number; sum: Rupiah };
	/** In the order methods were first met (the report lists them in first-met order). */
	payment_methods: Record<string, { count: number; sum: Rupiah }>;
	covers: number;
};

export type SalesReport = ReportTotals & {
	from: string;
	to: string;
	categories: { category: string; qty: number; sales: Rupiah }[];
	top_products: { product_name: string; qty: number; sales: Rupiah }[];
	/** 24 entries, hour 0..23 of the outlet's wall clock (by order creation). */
	hours: { hour: number; orders: number; sales: Rupiah }[];
	average_ticket: Rupiah;
};

export type ReportAccumulator = {
	report: SalesReport;
	categories: Map<string, { category: string; qty: number; sales: Rupiah }>;
	products: Map<string, { product_name: string; qty: number; sales: Rupiah }>;
	timeZone: OutletTimeZone;
	/** The zone's UTC offset (ms) per quarter hour met (NaN: it changes inside that quarter). */
	offsets: Map<number, number>;
};

export function startReport(from: string, to: string, timeZone: OutletTimeZone): ReportAccumulator {
	return {
		report: {
			from,
			to,
			orders: 0,
			gross_sales: 0,
			net_sales: 0,
			service: 0,
			tax: 0,
			rounding: 0,
			collected: 0,
			voids: { count: 0, sum: 0 },
			refunds: { count: 0, sum: 0 },
			discounts: { count: 0, sum: 0 },
			payment_methods: { cash: { count: 0, sum: 0 }, qris: { count: 0, sum: 0 }, card: { count: 0, sum: 0 } },
			categories: [],
			top_products: [],
			hours: Array.from({ length: 24 }, (_, hour) => ({ hour, orders: 0, sales: 0 })),
			average_ticket: 0,
			covers: 0
		},
		categories: new Map(),
		products: new Map(),
		timeZone,
		offsets: new Map()
	};
}

const QUARTER_MS = 15 * 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** The zone's UTC offset at an instant (whole seconds), from its wall clock. */
function offsetAt(ms: number, timeZone: string): number {
	const p = localParts(ms, timeZone);
	return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(ms / 1000) * 1000;
}

/**
 * The outlet's hour of an instant, as `outletHour` gives it. Formatting with Intl costs ~40 µs a call (most of a month's
 * cold fold), so the offset is looked up once per quarter hour met: offsets in use are whole quarter hours and change
 * on one; a quarter whose two ends differ falls back to formatting each instant.
 */
export function hourOf(acc: ReportAccumulator, instant: string): number {
	const ms = Date.parse(instant);
	const zone = acc.timeZone;
	if (typeof zone !== 'string' || !Number.isFinite(ms)) return outletHour(instant, zone);
	const q = Math.floor(ms / QUARTER_MS);
	let offset = acc.offsets.get(q);
	if (offset === undefined) {
		const start = offsetAt(q * QUARTER_MS, zone);
		offset = start === offsetAt((q + 1) * QUARTER_MS - 1, zone) ? start : NaN;
		acc.offsets.set(q, offset);
	}
	if (Number.isNaN(offset)) return outletHour(instant, zone);
	return Math.floor(((((ms + offset) % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS);
}

/**
 * Adds one order (open and sent orders are not sales and are skipped). `hour`: the outlet's hour of its creation when
 * already known (`hourOf`; a day partial's counted orders keep it), else taken from `created_at`.
 */
export function addToReport(acc: ReportAccumulator, o: ReportOrder, hour?: number): void {
	const r = acc.report;
	if (o.business_date < r.from || o.business_date > r.to) return;
	if (o.status === 'void') {
		r.voids.count++;
		r.voids.sum += o.subtotal;
		r.gross_sales += o.subtotal;
		return;
	}
	if (o.status !== 'paid') return;
	r.orders++;
	r.gross_sales += o.subtotal;
	r.net_sales += o.subtotal;
	r.service += o.service_amount;
	r.tax += o.tax_amount;
	r.rounding += o.rounding_amount;
	r.collected += o.total_amount;
	r.covers += o.pax ?? 0;
	if (o.discount_amount) {
		r.discounts.count++;
		r.discounts.sum += o.discount_amount;
	}
	for (const p of paymentsOf(o)) {
		const m = (r.payment_methods[p.method] ??= { count: 0, sum: 0 });
		m.count++;
		m.sum += p.amount;
	}
	for (const x of refundsOf(o)) {
		r.refunds.count++;
		r.refunds.sum += x.amount;
		r.collected -= x.amount;
		const m = (r.payment_methods[x.method] ??= { count: 0, sum: 0 });
		m.sum -= x.amount;
	}
	for (const it of o.items) {
		const cat = it.category || '—';
		const c = acc.categories.get(cat) ?? { category: cat, qty: 0, sales: 0 };
		c.qty += it.qty;
		c.sales += it.subtotal;
		acc.categories.set(cat, c);
		const p = acc.products.get(it.product_name) ?? { product_name: it.product_name, qty: 0, sales: 0 };
		p.qty += it.qty;
		p.sales += it.subtotal;
		acc.products.set(it.product_name, p);
	}
	const h = r.hours[hour ?? hourOf(acc, o.created_at)];
	if (h) {
		h.orders++;
		h.sales += o.total_amount;
	}
}

export function finishReport(acc: ReportAccumulator, topLimit = 10): SalesReport {
	const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
	return {
		...acc.report,
		categories: [...acc.categories.values()].sort(
			(a, b) => b.sales - a.sales || byName(a.category, b.category)
		),
		top_products: [...acc.products.values()]
			.sort((a, b) => b.qty - a.qty || b.sales - a.sales || byName(a.product_name, b.product_name))
			.slice(0, topLimit),
		average_ticket: acc.report.orders ? Math.round(acc.report.collected / acc.report.orders) : 0
	};
}

/** One-shot report over a list (tests, small ranges). */
export function salesReport(
	orders: readonly ReportOrder[],
	from: string,
	to: string,
	timeZone: OutletTimeZone
): SalesReport {
	const acc = startReport(from, to, timeZone);
	for (const o of orders) addToReport(acc, o);
	return finishReport(acc);
}

const csvCell = (v: string | number) => {
	const s = String(v);
	return /[",\n;]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/** The report as CSV sections (section,key,value...) a spreadsheet opens as is. */
export function reportCsv(r: SalesReport): string {
	const rows: (string | number)[][] = [
		['section', 'key', 'count', 'amount'],
		['period', `${r.from}..${r.to}`, '', ''],
		['summary', 'orders', r.orders, ''],
		['summary', 'gross_sales', '', r.gross_sales],
		['summary', 'net_sales', '', r.net_sales],
		['summary', 'service', '', r.service],
		['summary', 'tax_pb1', '', r.tax],
		['summary', 'rounding', '', r.rounding],
		['summary', 'collected', '', r.collected],
		['summary', 'voids', r.voids.count, r.voids.sum],
		['summary', 'discounts', r.discounts.count, r.discounts.sum],
		['summary', 'average_ticket', '', r.average_ticket],
		['summary', 'covers', r.covers, ''],
		...Object.entries(r.payment_methods).map(([m, v]) => ['payment_method', m, v.count, v.sum]),
		...r.categories.map((c) => ['category', c.category, c.qty, c.sales]),
		...r.top_products.map((p) => ['product', p.product_name, p.qty, p.sales]),
		...r.hours.map((h) => ['hour', String(h.hour).padStart(2, '0'), h.orders, h.sales])
	];
	return rows.map((row) => row.map(csvCell).join(',')).join('\n') + '\n';
}
