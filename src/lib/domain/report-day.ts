// Why: a report over a month must not fold 30,000 orders each time, nor today's 1,000 after every sale. A business day
// is kept as a serialisable partial that holds the orders it counted at their revision: a new order is added to it, and
// only an order it holds at another revision (refunded, voided, edited, deleted) makes the day fold again.
import type { Rupiah } from './money';
import { paymentsOf, refundsOf } from './payments';
import {
	addToReport,
	startReport,
	type ReportAccumulator,
	type ReportOrder,
	type ReportTotals
} from './report';
import type { OutletTimeZone } from './time';

/**
 * What `addToReport` accumulates for one business day, as plain JSON: the sums, and every category and product with its
 * own totals (not a top N), so partials of several days merge into exactly the report folding their orders would give.
 * The hours are in the zone the partial was folded in (`time_zone`); a partial of another zone must be folded again.
 *
 * A report folds stored orders in (business_date, local_id) order (the business_date index ends with the primary key);
 * the one thing that order decides is where a payment method first met is listed, so each method keeps where that
 * fold first meets it (`methods_first`) and `payment_methods` is listed in that order whatever order orders came in.
 */
export type DayPartial = ReportTotals & {
	date: string;
	time_zone: OutletTimeZone;
	/** 24 pairs [orders, sales], hour 0..23 of the outlet's wall clock. */
	hours: [number, Rupiah][];
	/** [category, qty, sales]. */
	categories: [string, number, Rupiah][];
	/** [product_name, qty, sales]. */
	products: [string, number, Rupiah][];
	/** Per payment method met: [local_id, position among the order's payments then refunds] of its first meeting. */
	methods_first: Record<string, [string, number]>;
	/**
	 * The orders counted (paid and void), each at the revision folded: `<revision>:<local_id>` lines. One string, so
	 * reading a stored partial costs nothing for it; parsed only when orders of the day changed. `null`: not known (a
	 * local_id holding a line break), so any change folds the day again.
	 */
	held: string | null;
};

/** An order written since a partial was folded, as the storage holds it now. */
export type DayChange = { order: ReportOrder; revision: number; deleted: boolean };

/** The methods every report lists first, whatever was met (startReport's). */
const LISTED_FIRST = Object.keys(startReport('', '', 'UTC').report.payment_methods);

/** The orders a report counts; open and sent orders are not sales (`addToReport` skips them). */
export function countsInReport(o: ReportOrder): boolean {
	return o.status === 'paid' || o.status === 'void';
}

const before = (a: [string, number], b: [string, number]) => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);

/** Where the fold by local_id meets each of the order's methods, kept where it is earlier than what `first` holds. */
function meetMethods(first: Record<string, [string, number]>, o: ReportOrder): void {
	if (o.status !== 'paid') return;
	const methods = [...paymentsOf(o), ...refundsOf(o)].map((x) => x.method);
	methods.forEach((method, i) => {
		const at: [string, number] = [o.local_id, i];
		const now = first[method];
		if (!now || before(at, now)) first[method] = at;
	});
}

function toPartial(
	acc: ReportAccumulator,
	date: string,
	timeZone: OutletTimeZone,
	methodsFirst: Record<string, [string, number]>,
	held: Map<string, number> | null
): DayPartial {
	const r = acc.report;
	const methods = Object.keys(r.payment_methods);
	const listed = [
		...methods.filter((m) => LISTED_FIRST.includes(m)),
		...methods
			.filter((m) => !LISTED_FIRST.includes(m))
			.sort((a, b) => {
				const fa = methodsFirst[a] ?? ['', 0];
				const fb = methodsFirst[b] ?? ['', 0];
				return before(fa, fb) ? -1 : before(fb, fa) ? 1 : 0;
			})
	];
	let heldText: string | null = null;
	if (held && ![...held.keys()].some((id) => id.includes('\n')))
		heldText = [...held].map(([id, rev]) => `${rev}:${id}`).join('\n');
	return {
		date,
		time_zone: timeZone,
		orders: r.orders,
		gross_sales: r.gross_sales,
		net_sales: r.net_sales,
		service: r.service,
		tax: r.tax,
		rounding: r.rounding,
		collected: r.collected,
		covers: r.covers,
		voids: { ...r.voids },
		refunds: { ...r.refunds },
		discounts: { ...r.discounts },
		payment_methods: Object.fromEntries(listed.map((m) => [m, { ...r.payment_methods[m]! }])),
		hours: r.hours.map((h) => [h.orders, h.sales]),
		categories: [...acc.categories.values()].map((c) => [c.category, c.qty, c.sales]),
		products: [...acc.products.values()].map((p) => [p.product_name, p.qty, p.sales]),
		methods_first: Object.fromEntries(Object.entries(methodsFirst).map(([m, at]) => [m, [at[0], at[1]]])),
		held: heldText
	};
}

/**
 * Folds one business day's orders, in any order (any order of another day is skipped, as `addToReport` does);
 * `revision` gives the stored revision of each (the partial holds the counted ones at it).
 */
export function dayPartial<T extends ReportOrder>(
	orders: Iterable<T>,
	date: string,
	timeZone: OutletTimeZone,
	revision: (o: T) => number
): DayPartial {
	const acc = startReport(date, date, timeZone);
	const first: Record<string, [string, number]> = {};
	const held = new Map<string, number>();
	for (const o of orders) {
		if (o.business_date !== date || !countsInReport(o)) continue;
		addToReport(acc, o);
		meetMethods(first, o);
		held.set(o.local_id, revision(o));
	}
	return toPartial(acc, date, timeZone, first, held);
}

/** The orders a partial holds, by local_id, with the revision folded (`null`: not known). */
export function heldOrders(p: DayPartial): Map<string, number> | null {
	if (p.held === null) return null;
	const held = new Map<string, number>();
	if (p.held === '') return held;
	for (const line of p.held.split('\n')) {
		const colon = line.indexOf(':');
		held.set(line.slice(colon + 1), Number(line.slice(0, colon)));
	}
	return held;
}

/**
 * The partial once the day's orders written since it was folded are taken in, or `null` when the day must be folded
 * again: an order it holds at another revision (its refund, void, edit or deletion cannot be taken off a sum). An order
 * it does not hold is added when counted (a new sale, an open order paid or voided); one not counted, or deleted
 * without ever being counted, changes nothing. Changes of another day are skipped. Exactly `dayPartial` of the day's
 * orders as they are now, provided `changes` holds every order of the day written since the fold.
 */
export function updatePartial(p: DayPartial, changes: Iterable<DayChange>): DayPartial | null {
	const held = heldOrders(p);
	if (!held) return null;
	const added: ReportOrder[] = [];
	for (const c of changes) {
		if (c.order.business_date !== p.date) continue;
		const at = held.get(c.order.local_id);
		if (at !== undefined) {
			if (at === c.revision && !c.deleted) continue;
			return null;
		}
		if (c.deleted || !countsInReport(c.order)) continue;
		held.set(c.order.local_id, c.revision);
		added.push(c.order);
	}
	if (!added.length) return p;
	const acc = startReport(p.date, p.date, p.time_zone);
	addPartialToReport(acc, p);
	const first = Object.fromEntries(
		Object.entries(p.methods_first).map(([m, at]): [string, [string, number]] => [m, [at[0], at[1]]])
	);
	for (const o of added) {
		addToReport(acc, o);
		meetMethods(first, o);
	}
	return toPartial(acc, p.date, p.time_zone, first, held);
}

/** The zone a partial was folded in is the report's (hours depend on it). */
export function sameTimeZone(a: OutletTimeZone, b: OutletTimeZone): boolean {
	return typeof a === 'string' || typeof b === 'string' ? a === b : a.offset_minutes === b.offset_minutes;
}

/**
 * Adds a day's partial to the accumulator: the same as adding that day's orders one by one in local_id order. Partials
 * must come in date order, as orders do, for the payment methods to be listed in the same order. A partial of a day
 * outside the report's range is skipped; one of another zone throws (its hours would be wrong).
 */
export function addPartialToReport(acc: ReportAccumulator, p: DayPartial): void {
	const r = acc.report;
	if (p.date < r.from || p.date > r.to) return;
	if (!sameTimeZone(p.time_zone, acc.timeZone))
		throw new RangeError(`partial of ${p.date} in another time zone`);
	r.orders += p.orders;
	r.gross_sales += p.gross_sales;
	r.net_sales += p.net_sales;
	r.service += p.service;
	r.tax += p.tax;
	r.rounding += p.rounding;
	r.collected += p.collected;
	r.covers += p.covers;
	for (const k of ['voids', 'refunds', 'discounts'] as const) {
		r[k].count += p[k].count;
		r[k].sum += p[k].sum;
	}
	for (const [method, v] of Object.entries(p.payment_methods)) {
		const m = (r.payment_methods[method] ??= { count: 0, sum: 0 });
		m.count += v.count;
		m.sum += v.sum;
	}
	p.hours.forEach(([orders, sales], hour) => {
		const h = r.hours[hour];
		if (!h) return;
		h.orders += orders;
		h.sales += sales;
	});
	for (const [category, qty, sales] of p.categories) {
		const c = acc.categories.get(category) ?? { category, qty: 0, sales: 0 };
		c.qty += qty;
		c.sales += sales;
		acc.categories.set(category, c);
	}
	for (const [product_name, qty, sales] of p.products) {
		const x = acc.products.get(product_name) ?? { product_name, qty: 0, sales: 0 };
		x.qty += qty;
		x.sales += sales;
		acc.products.set(product_name, x);
	}
}
