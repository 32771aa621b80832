// Why: a report over a month must not fold 30,000 orders each time, nor today's 1,000 after every sale or refund. A
// business day is kept as a serialisable partial that holds each order it counted, at its revision, with what that order
// added (a few numbers): a new order is added to it, and an order it holds rewritten (refunded, voided, edited, deleted)
// is taken off by folding the held contributions again, without reading the day's orders.
import type { Rupiah } from './money';
import { paymentsOf, refundsOf } from './payments';
import {
	addToReport,
	hourOf,
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
	 * The orders counted (paid and void), each at the revision folded with what it added: one line per order,
	 * `<contribution> <local_id>` (see `encodeCounted`). One string, so reading a stored partial costs nothing for it;
	 * parsed only when orders of the day changed. `null`: not known (a local_id holding a line break), so any change
	 * folds the day again.
	 */
	counted: string | null;
};

/** An order written since a partial was folded, as the storage holds it now. */
export type DayChange = { order: ReportOrder; revision: number; deleted: boolean };

/**
 * A counted order as a partial keeps it: its revision and what `addToReport` reads of it (`order`, with its hour of
 * creation in `hour`; no created_at), or `null` when that could not be kept (an amount that is not a safe integer): a
 * rewrite of that order folds the day again.
 */
export type Counted = { revision: number; order: ReportOrder | null; hour: number };

/** How the partial names its products, categories and payment methods in the counted lines (array positions). */
type Names = { products: readonly string[]; categories: readonly string[]; methods: readonly string[] };

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

const b36 = (n: number) => n.toString(36);

/** One counted line's contribution (`<revision>,v,<subtotal>` or `<revision>,p,...`), base 36; `<revision>,?` when not kept. */
function encodeCounted(c: Counted, at: (kind: keyof Names, name: string) => number): string {
	const o = c.order;
	const rev = b36(c.revision);
	if (!o) return `${rev},?`;
	const nums = (xs: number[]) => (xs.every(Number.isSafeInteger) ? xs.map(b36).join('.') : null);
	if (o.status === 'void') {
		const v = nums([o.subtotal]);
		return v === null ? `${rev},?` : `${rev},v,${v}`;
	}
	const parts = [
		nums([
			o.subtotal,
			o.service_amount,
			o.tax_amount,
			o.rounding_amount,
			o.total_amount,
			o.discount_amount ?? 0,
			o.pax ?? 0,
			c.hour
		]),
		...paymentsOf(o).map((x) => nums([at('methods', x.method), x.amount])),
		'',
		...refundsOf(o).map((x) => nums([at('methods', x.method), x.amount])),
		'',
		...o.items.map((it) =>
			nums([at('products', it.product_name), at('categories', it.category || '—'), it.qty, it.subtotal])
		)
	];
	return parts.some((x) => x === null) ? `${rev},?` : `${rev},p,${parts.join('/')}`;
}

/**
 * The counted orders of a partial's lines, by local_id (`null`: not known): each one's revision, what it added (an order
 * with its sums, payments, refunds and items, named as the partial names them; `null`: not kept) and its hour.
 */
export function countedOrders(p: DayPartial): Map<string, Counted> | null {
	if (p.counted === null) return null;
	const names = namesOf(p);
	const out = new Map<string, Counted>();
	if (p.counted === '') return out;
	const num = (x: string) => parseInt(x, 36);
	for (const line of p.counted.split('\n')) {
		const space = line.indexOf(' ');
		const id = line.slice(space + 1);
		const [rev = '', kind, body = ''] = line.slice(0, space).split(',');
		const revision = num(rev);
		if (kind === 'v') {
			out.set(id, { revision, order: countedOrder(id, p.date, 'void', [num(body)]), hour: 0 });
			continue;
		}
		if (kind !== 'p') {
			out.set(id, { revision, order: null, hour: 0 });
			continue;
		}
		const groups = body.split('/');
		const head = (groups[0] ?? '').split('.').map(num);
		const pays = groups.indexOf('', 1);
		const refunds = groups.indexOf('', pays + 1);
		const pair = (g: string) => {
			const [m = 0, amount = 0] = g.split('.').map(num);
			return { method: names.methods[m] ?? '', amount };
		};
		const order = countedOrder(id, p.date, 'paid', head);
		order.payments = groups.slice(1, pays).map((g) => {
			const x = pair(g);
			return { ...x, local_id: '', cash_amount: null, change_amount: null, paid_at: '' };
		});
		order.refunds = groups
			.slice(pays + 1, refunds)
			.map((g) => ({ ...pair(g), local_id: '', refunded_at: '' }));
		order.items = groups.slice(refunds + 1).map((g) => {
			const [pi = 0, ci = 0, qty = 0, subtotal = 0] = g.split('.').map(num);
			return {
				product_name: names.products[pi] ?? '',
				category: names.categories[ci] ?? '',
				qty,
				subtotal
			};
		});
		out.set(id, { revision, order, hour: head[7] ?? 0 });
	}
	return out;
}

/** An order with what a contribution keeps (the sums of `head`: subtotal, service, tax, rounding, total, discount, pax). */
function countedOrder(
	id: string,
	date: string,
	status: string,
	head: number[]
): ReportOrder & {
	payments: NonNullable<ReportOrder['payments']>;
	refunds: NonNullable<ReportOrder['refunds']>;
	items: ReportOrder['items'];
} {
	const [subtotal = 0, service = 0, tax = 0, rounding = 0, total = 0, discount = 0, pax = 0] = head;
	return {
		local_id: id,
		status,
		subtotal,
		service_amount: service,
		tax_amount: tax,
		rounding_amount: rounding,
		total_amount: total,
		discount_amount: discount,
		pax,
		created_at: '',
		business_date: date,
		items: [],
		payments: [],
		refunds: []
	};
}

/** The names a partial's counted lines point at: its products, categories, and methods in `methods_first` order. */
function namesOf(p: Pick<DayPartial, 'products' | 'categories' | 'methods_first'>): Names {
	return {
		products: p.products.map((x) => x[0]),
		categories: p.categories.map((x) => x[0]),
		methods: Object.keys(p.methods_first)
	};
}

/** The counted lines of `counted` against the partial's names; `null` when a local_id holds a line break. */
function encodeAll(counted: Map<string, Counted>, names: Names): string | null {
	if ([...counted.keys()].some((id) => id.includes('\n'))) return null;
	const index = {
		products: new Map(names.products.map((n, i) => [n, i])),
		categories: new Map(names.categories.map((n, i) => [n, i])),
		methods: new Map(names.methods.map((n, i) => [n, i]))
	};
	const at = (kind: keyof Names, name: string) => index[kind].get(name) ?? NaN;
	return [...counted].map(([id, c]) => `${encodeCounted(c, at)} ${id}`).join('\n');
}

/** The order's contribution as a partial keeps it (its hour in the accumulator's zone). */
function countedOf(acc: ReportAccumulator, o: ReportOrder, revision: number): Counted {
	return { revision, order: o, hour: o.status === 'paid' ? hourOf(acc, o.created_at) : 0 };
}

function toPartial(
	acc: ReportAccumulator,
	date: string,
	timeZone: OutletTimeZone,
	methodsFirst: Record<string, [string, number]>,
	counted: Map<string, Counted> | null
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
	const partial: DayPartial = {
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
		counted: null
	};
	partial.counted = counted && encodeAll(counted, namesOf(partial));
	return partial;
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
	const counted = new Map<string, Counted>();
	for (const o of orders) {
		if (o.business_date !== date || !countsInReport(o)) continue;
		counted.set(o.local_id, countedOf(acc, o, revision(o)));
	}
	return foldCounted(acc, date, timeZone, counted);
}

/** The partial of exactly these counted orders. */
function foldCounted(
	acc: ReportAccumulator,
	date: string,
	timeZone: OutletTimeZone,
	counted: Map<string, Counted>
): DayPartial {
	const first: Record<string, [string, number]> = {};
	for (const c of counted.values()) {
		if (!c.order) continue;
		addToReport(acc, c.order, c.hour);
		meetMethods(first, c.order);
	}
	return toPartial(acc, date, timeZone, first, counted);
}

/** The orders a partial holds, by local_id, with the revision folded (`null`: not known). */
export function heldOrders(p: DayPartial): Map<string, number> | null {
	if (p.counted === null) return null;
	const held = new Map<string, number>();
	if (p.counted === '') return held;
	for (const line of p.counted.split('\n')) {
		held.set(line.slice(line.indexOf(' ') + 1), parseInt(line, 36));
	}
	return held;
}

/** What `updateDay` did: orders added, and held orders taken off or replaced (a refund, void, edit or deletion). */
export type DayUpdate = { partial: DayPartial; added: number; rewritten: number };

/**
 * The partial once the day's orders written since it was folded are taken in, or `null` when the day must be folded
 * again (a rewritten order whose contribution was not kept). An order it does not hold is added when counted (a new
 * sale, an open order paid or voided); one not counted, or deleted without ever being counted, changes nothing. An order
 * it holds at another revision (refunded, voided, edited, deleted) is replaced (or dropped) among the counted orders and
 * the partial is folded again from them: no order of the day is read. Changes of another day are skipped. Exactly
 * `dayPartial` of the day's orders as they are now, provided `changes` holds every order of the day written since.
 */
export function updatePartial(p: DayPartial, changes: Iterable<DayChange>): DayPartial | null {
	return updateDay(p, changes)?.partial ?? null;
}

/** `updatePartial`, with what it did. */
export function updateDay(p: DayPartial, changes: Iterable<DayChange>): DayUpdate | null {
	const held = heldOrders(p);
	if (!held) return null;
	const acc = startReport(p.date, p.date, p.time_zone);
	const added: ReportOrder[] = [];
	// Held orders rewritten since: local_id → the order now (`null`: deleted or no longer counted), with its revision.
	const rewritten = new Map<string, { order: ReportOrder | null; revision: number }>();
	for (const c of changes) {
		if (c.order.business_date !== p.date) continue;
		const id = c.order.local_id;
		const at = held.get(id);
		if (at !== undefined) {
			if (at === c.revision && !c.deleted) continue;
			const counts = !c.deleted && countsInReport(c.order);
			rewritten.set(id, { order: counts ? c.order : null, revision: c.revision });
			continue;
		}
		if (c.deleted || !countsInReport(c.order)) continue;
		held.set(id, c.revision);
		added.push(c.order);
	}
	if (!added.length && !rewritten.size) return { partial: p, added: 0, rewritten: 0 };
	if (rewritten.size) {
		const counted = countedOrders(p);
		if (!counted || [...rewritten.keys()].some((id) => !counted.get(id)?.order)) return null;
		for (const [id, now] of rewritten) {
			if (now.order) counted.set(id, countedOf(acc, now.order, now.revision));
			else counted.delete(id);
		}
		for (const o of added) counted.set(o.local_id, countedOf(acc, o, held.get(o.local_id) ?? 0));
		if ([...counted.values()].some((c) => !c.order)) return null;
		return {
			partial: foldCounted(acc, p.date, p.time_zone, counted),
			added: added.length,
			rewritten: rewritten.size
		};
	}
	// New orders only: added to the partial's sums, their lines after the held ones (the names only grow: products and
	// categories keep their places; methods too, unless a new one sorts before an old one, when every line is rewritten).
	addPartialToReport(acc, p);
	const first = Object.fromEntries(
		Object.entries(p.methods_first).map(([m, at]): [string, [string, number]] => [m, [at[0], at[1]]])
	);
	const fresh = new Map<string, Counted>();
	for (const o of added) {
		const c = countedOf(acc, o, held.get(o.local_id) ?? 0);
		fresh.set(o.local_id, c);
		addToReport(acc, o, c.hour);
		meetMethods(first, o);
	}
	const next = toPartial(acc, p.date, p.time_zone, first, null);
	const names = namesOf(next);
	const before = Object.keys(p.methods_first);
	const methodsKept = before.every((m, i) => names.methods[i] === m);
	const oldLines = methodsKept ? p.counted : null;
	const counted = oldLines === null ? countedOrders(p) : null;
	if (counted) for (const [id, c] of fresh) counted.set(id, c);
	const lines = counted ? encodeAll(counted, names) : encodeAll(fresh, names);
	next.counted =
		lines === null ? null : counted || !oldLines ? lines : lines ? `${oldLines}\n${lines}` : oldLines;
	return { partial: next, added: added.length, rewritten: 0 };
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
