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
	 * `<contribution> <local_id>` (see `encodeLine`), its names as positions in `names`. One string, so reading a stored
	 * partial costs nothing for it; parsed only when orders of the day changed. `null`: not known (a local_id holding a
	 * line break), so any change folds the day again.
	 */
	counted: string | null;
	/**
	 * The product, category and payment method names the counted lines point at, in the order first needed. It only
	 * grows while orders are added or rewritten (a name no line uses any more stays until the day is folded again).
	 */
	names: string[];
};

/** An order written since a partial was folded, as the storage holds it now. */
export type DayChange = { order: ReportOrder; revision: number; deleted: boolean };

/**
 * A counted order as a partial keeps it: its revision and what `addToReport` reads of it (`order`, with its hour of
 * creation in `hour`; no created_at), or `null` when that could not be kept (an amount that is not a safe integer): a
 * rewrite of that order folds the day again.
 */
export type Counted = { revision: number; order: ReportOrder | null; hour: number };

/**
 * The methods every report lists first, whatever was met (startReport's). A function, not a module constant: a call at
 * the top level makes the module a side effect, so every page that imports `$lib/db` would load the reports with it.
 */
const listedFirst = (): string[] => Object.keys(startReport('', '', 'UTC').report.payment_methods);

/** The orders a report counts; open and sent orders are not sales (`addToReport` skips them). */
export function countsInReport(o: ReportOrder): boolean {
	return o.status === 'paid' || o.status === 'void';
}

const before = (a: [string, number], b: [string, number]) => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);

/** Keeps `[id, at]` as where the fold by local_id first meets `method` when it is earlier than what `first` holds. */
function meet(first: Record<string, [string, number]>, method: string, id: string, at: number): void {
	const now = first[method];
	if (!now || id < now[0] || (id === now[0] && at < now[1])) first[method] = [id, at];
}

/** Where the fold by local_id meets each of the order's methods, kept where it is earlier than what `first` holds. */
function meetMethods(first: Record<string, [string, number]>, o: ReportOrder): void {
	if (o.status !== 'paid') return;
	const methods = [...paymentsOf(o), ...refundsOf(o)].map((x) => x.method);
	methods.forEach((method, i) => meet(first, method, o.local_id, i));
}

const b36 = (n: number) => n.toString(36);
const num = (x: string | undefined) => parseInt(x ?? '', 36);

/** Positions of names in a partial's `names`, adding the ones it lacks. */
class NameIndex {
	readonly names: string[];
	readonly #at: Map<string, number>;
	constructor(names: readonly string[]) {
		this.names = [...names];
		this.#at = new Map(this.names.map((n, i) => [n, i]));
	}
	at(name: string): number {
		let i = this.#at.get(name);
		if (i === undefined) {
			i = this.names.push(name) - 1;
			this.#at.set(name, i);
		}
		return i;
	}
}

/**
 * One counted line: `<revision>,v,<subtotal> <local_id>` for a void; for a paid order `<revision>,p,<subtotal>.<service>.
 * <tax>.<rounding>.<total>.<discount>.<pax>.<hour>` then `/<method>.<amount>` per payment, `//`, the same per refund, `//`
 * and `/<product>.<category>.<qty>.<subtotal>` per item (numbers base 36, names as positions in `names`); `<revision>,?
 * <local_id>` when an amount is not a safe integer (its contribution is not kept).
 */
function encodeLine(c: Counted, id: string, names: NameIndex): string {
	const o = c.order;
	const rev = b36(c.revision);
	const nums = (xs: number[]) => (xs.every(Number.isSafeInteger) ? xs.map(b36).join('.') : null);
	let body: string | null = null;
	if (o?.status === 'void') {
		const v = nums([o.subtotal]);
		body = v === null ? null : `v,${v}`;
	} else if (o) {
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
			...paymentsOf(o).map((x) => nums([names.at(x.method), x.amount])),
			'',
			...refundsOf(o).map((x) => nums([names.at(x.method), x.amount])),
			'',
			...o.items.map((it) =>
				nums([names.at(it.product_name), names.at(it.category || '—'), it.qty, it.subtotal])
			)
		];
		body = parts.some((x) => x === null) ? null : `p,${parts.join('/')}`;
	}
	return `${rev},${body ?? '?'} ${id}`;
}

/**
 * Adds one counted line to the accumulator and the methods' first meetings: exactly what `addToReport` and
 * `meetMethods` do with the order it was encoded from, without making the order again. `false`: its contribution was
 * not kept.
 */
function addLine(
	acc: ReportAccumulator,
	first: Record<string, [string, number]>,
	names: readonly string[],
	line: string
): boolean {
	const space = line.indexOf(' ');
	const id = line.slice(space + 1);
	const comma = line.indexOf(',');
	const kind = line[comma + 1];
	const r = acc.report;
	if (kind === 'v') {
		const subtotal = num(line.slice(comma + 3, space));
		r.voids.count++;
		r.voids.sum += subtotal;
		r.gross_sales += subtotal;
		return true;
	}
	if (kind !== 'p') return false;
	const groups = line.slice(comma + 3, space).split('/');
	const head = (groups[0] ?? '').split('.');
	const subtotal = num(head[0]);
	const total = num(head[4]);
	const discount = num(head[5]);
	r.orders++;
	r.gross_sales += subtotal;
	r.net_sales += subtotal;
	r.service += num(head[1]);
	r.tax += num(head[2]);
	r.rounding += num(head[3]);
	r.collected += total;
	r.covers += num(head[6]);
	if (discount) {
		r.discounts.count++;
		r.discounts.sum += discount;
	}
	let g = 1;
	let at = 0;
	for (; g < groups.length && groups[g] !== ''; g++) {
		const [m, amount] = (groups[g] ?? '').split('.');
		const method = names[num(m)] ?? '';
		const pm = (r.payment_methods[method] ??= { count: 0, sum: 0 });
		pm.count++;
		pm.sum += num(amount);
		meet(first, method, id, at++);
	}
	for (g++; g < groups.length && groups[g] !== ''; g++) {
		const [m, text] = (groups[g] ?? '').split('.');
		const amount = num(text);
		const method = names[num(m)] ?? '';
		r.refunds.count++;
		r.refunds.sum += amount;
		r.collected -= amount;
		const pm = (r.payment_methods[method] ??= { count: 0, sum: 0 });
		pm.sum -= amount;
		meet(first, method, id, at++);
	}
	for (g++; g < groups.length; g++) {
		const [pi, ci, qtyText, subText] = (groups[g] ?? '').split('.');
		const qty = num(qtyText);
		const sales = num(subText);
		const cat = names[num(ci)] ?? '';
		const c = acc.categories.get(cat) ?? { category: cat, qty: 0, sales: 0 };
		c.qty += qty;
		c.sales += sales;
		acc.categories.set(cat, c);
		const name = names[num(pi)] ?? '';
		const x = acc.products.get(name) ?? { product_name: name, qty: 0, sales: 0 };
		x.qty += qty;
		x.sales += sales;
		acc.products.set(name, x);
	}
	const h = r.hours[num(head[7])];
	if (h) {
		h.orders++;
		h.sales += total;
	}
	return true;
}

/**
 * The counted orders of a partial's lines, by local_id (`null`: not known): each one's revision, what it added (an
 * order with its sums, payments, refunds and items; `null`: not kept) and its hour. For tests and diagnostics: a
 * report folds the lines themselves (`addLine`).
 */
export function countedOrders(p: DayPartial): Map<string, Counted> | null {
	if (p.counted === null) return null;
	const out = new Map<string, Counted>();
	if (p.counted === '') return out;
	for (const line of p.counted.split('\n')) {
		const space = line.indexOf(' ');
		const comma = line.indexOf(',');
		const id = line.slice(space + 1);
		const revision = parseInt(line, 36);
		const kind = line[comma + 1];
		const groups = line.slice(comma + 3, space).split('/');
		const head = (groups[0] ?? '').split('.').map(num);
		const order = (status: string): ReportOrder => ({
			local_id: id,
			status,
			subtotal: head[0] ?? 0,
			service_amount: head[1] ?? 0,
			tax_amount: head[2] ?? 0,
			rounding_amount: head[3] ?? 0,
			total_amount: head[4] ?? 0,
			discount_amount: head[5] ?? 0,
			pax: head[6] ?? 0,
			created_at: '',
			business_date: p.date,
			items: [],
			payments: [],
			refunds: []
		});
		if (kind === 'v') {
			out.set(id, { revision, order: { ...order('void'), subtotal: head[0] ?? 0 }, hour: 0 });
			continue;
		}
		if (kind !== 'p') {
			out.set(id, { revision, order: null, hour: 0 });
			continue;
		}
		const pays = groups.indexOf('', 1);
		const refunds = groups.indexOf('', pays + 1);
		const pair = (g: string) => {
			const [m, amount] = g.split('.').map(num);
			return { method: p.names[m ?? -1] ?? '', amount: amount ?? 0 };
		};
		out.set(id, {
			revision,
			hour: head[7] ?? 0,
			order: {
				...order('paid'),
				payments: groups.slice(1, pays).map((g) => ({
					...pair(g),
					local_id: '',
					cash_amount: null,
					change_amount: null,
					paid_at: ''
				})),
				refunds: groups.slice(pays + 1, refunds).map((g) => ({ ...pair(g), local_id: '', refunded_at: '' })),
				items: groups.slice(refunds + 1).map((g) => {
					const [pi, ci, qty, subtotal] = g.split('.').map(num);
					return {
						product_name: p.names[pi ?? -1] ?? '',
						category: p.names[ci ?? -1] ?? '',
						qty: qty ?? 0,
						subtotal: subtotal ?? 0
					};
				})
			}
		});
	}
	return out;
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
	counted: string | null,
	names: readonly string[]
): DayPartial {
	const r = acc.report;
	const methods = Object.keys(r.payment_methods);
	const first = listedFirst();
	const listed = [
		...methods.filter((m) => first.includes(m)),
		...methods
			.filter((m) => !first.includes(m))
			.sort((a, b) => {
				const fa = methodsFirst[a] ?? ['', 0];
				const fb = methodsFirst[b] ?? ['', 0];
				return before(fa, fb) ? -1 : before(fb, fa) ? 1 : 0;
			})
	];
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
		counted,
		names: [...names]
	};
}

/** The lines of `counted` (`null` when a local_id holds a line break: not kept). */
function linesOf(counted: Map<string, Counted>, names: NameIndex): string | null {
	const lines: string[] = [];
	for (const [id, c] of counted) {
		if (id.includes('\n')) return null;
		lines.push(encodeLine(c, id, names));
	}
	return lines.join('\n');
}

/**
 * Folds one business day's orders, in any order (any order of another day is skipped, as `addToReport` does);
 * `revision` gives the stored revision of each (the partial holds the counted ones at it, with what each added).
 */
export function dayPartial<T extends ReportOrder>(
	orders: Iterable<T>,
	date: string,
	timeZone: OutletTimeZone,
	revision: (o: T) => number
): DayPartial {
	const acc = startReport(date, date, timeZone);
	const first: Record<string, [string, number]> = {};
	const counted = new Map<string, Counted>();
	for (const o of orders) {
		if (o.business_date !== date || !countsInReport(o)) continue;
		const c = countedOf(acc, o, revision(o));
		counted.set(o.local_id, c);
		addToReport(acc, o, c.hour);
		meetMethods(first, o);
	}
	const names = new NameIndex([]);
	return toPartial(acc, date, timeZone, first, linesOf(counted, names), names.names);
}

/** The orders a partial holds, by local_id, with the revision folded (`null`: not known). */
export function heldOrders(p: DayPartial): Map<string, number> | null {
	if (p.counted === null) return null;
	const held = new Map<string, number>();
	if (p.counted === '') return held;
	for (const line of p.counted.split('\n')) held.set(line.slice(line.indexOf(' ') + 1), parseInt(line, 36));
	return held;
}

/** What `updateDay` did: orders added, and held orders taken off or replaced (a refund, void, edit or deletion). */
export type DayUpdate = { partial: DayPartial; added: number; rewritten: number };

/**
 * The partial once the day's orders written since it was folded are taken in, or `null` when the day must be folded
 * again (a rewritten order, while a contribution was not kept). An order it does not hold is added when counted (a new
 * sale, an open order paid or voided); one not counted, or deleted without ever being counted, changes nothing. An
 * order it holds at another revision (refunded, voided, edited, deleted, or written back by a sync) has its line
 * replaced (or dropped) and the partial is folded again from its lines: no order of the day is read. Changes of another
 * day are skipped. Exactly `dayPartial` of the day's orders as they are now, provided `changes` holds every order of
 * the day written since.
 */
export function updatePartial(p: DayPartial, changes: Iterable<DayChange>): DayPartial | null {
	return updateDay(p, changes)?.partial ?? null;
}

/** `updatePartial`, with what it did. */
export function updateDay(p: DayPartial, changes: Iterable<DayChange>): DayUpdate | null {
	if (p.counted === null) return null;
	const lines = p.counted === '' ? [] : p.counted.split('\n');
	const held = new Map<string, number>();
	lines.forEach((line, i) => held.set(line.slice(line.indexOf(' ') + 1), i));
	const acc = startReport(p.date, p.date, p.time_zone);
	const names = new NameIndex(p.names);
	const added = new Map<string, Counted>();
	let rewritten = 0;
	for (const c of changes) {
		if (c.order.business_date !== p.date) continue;
		const id = c.order.local_id;
		const at = held.get(id);
		if (at !== undefined) {
			const line = lines[at] ?? '';
			if (parseInt(line, 36) === c.revision && !c.deleted) continue;
			const counts = !c.deleted && countsInReport(c.order);
			lines[at] = counts ? encodeLine(countedOf(acc, c.order, c.revision), id, names) : '';
			rewritten++;
			continue;
		}
		if (c.deleted || !countsInReport(c.order)) continue;
		// Its line could not be told apart from the next: the day is folded again (and holds nothing by line).
		if (id.includes('\n')) return null;
		added.set(id, countedOf(acc, c.order, c.revision));
	}
	if (!added.size && !rewritten) return { partial: p, added: 0, rewritten: 0 };
	const fresh = [...added].map(([id, c]) => encodeLine(c, id, names));
	const first: Record<string, [string, number]> = {};
	if (rewritten) {
		// Taken off and added again: the day folded from its lines (the rewritten ones replaced), no order read.
		const kept = [...lines.filter((l) => l !== ''), ...fresh];
		for (const line of kept) if (!addLine(acc, first, names.names, line)) return null;
		return {
			partial: toPartial(acc, p.date, p.time_zone, first, kept.join('\n'), names.names),
			added: added.size,
			rewritten
		};
	}
	// New orders only: added to the partial's sums, their lines after the held ones.
	addPartialToReport(acc, p);
	for (const [m, at] of Object.entries(p.methods_first)) first[m] = [at[0], at[1]];
	for (const c of added.values()) {
		if (!c.order) continue;
		addToReport(acc, c.order, c.hour);
		meetMethods(first, c.order);
	}
	const counted = [...lines, ...fresh].join('\n');
	return {
		partial: toPartial(acc, p.date, p.time_zone, first, counted, names.names),
		added: added.size,
		rewritten: 0
	};
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
