// Why: a report built from stored day partials must be exactly the report folding every order (stored summaries are a
// cache of it): random orders over several days, folded both ways, compared field by field and as CSV; and a partial
// kept up by adding new orders and folding again when a held one changes, through any order of sales, payments,
// refunds, voids and deletions, must equal folding the day's orders as they end up.
import { describe, expect, it } from 'vitest';
import { finishReport, reportCsv, salesReport, startReport, type ReportOrder } from './report';
import {
	addPartialToReport,
	dayPartial,
	countedOrders,
	heldOrders,
	updateDay,
	updatePartial,
	type DayChange,
	type DayPartial
} from './report-day';
import { addDays } from './business-day';
import { outletHour, type OutletTimeZone } from './time';

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function rng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const PRODUCTS = Array.from({ length: 40 }, (_, i) => ({
	name: `Produk ${String(i).padStart(2, '0')}`,
	category: i % 7 === 0 ? '' : `Kategori ${i % 5}`,
	price: 5_000 + (i % 9) * 2_500
}));
const METHODS = ['cash', 'qris', 'card', 'transfer', 'gopay', 'ovo', 'dana'];
const STATUSES = ['paid', 'paid', 'paid', 'paid', 'void', 'open', 'sent'];

/** One order of `date` with random items, amounts, status, hour (up to 6 h after the day) and payment methods. */
function randomOrder(r: () => number, date: string, localId: string, status: string): ReportOrder {
	const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
	const items = Array.from({ length: 1 + Math.floor(r() * 4) }, () => {
		const p = pick(PRODUCTS);
		const qty = 1 + Math.floor(r() * 3);
		return { product_name: p.name, category: p.category, qty, subtotal: p.price * qty };
	});
	const subtotal = items.reduce((s, it) => s + it.subtotal, 0);
	const discount = r() < 0.2 ? Math.round(subtotal * 0.1) : 0;
	const service = Math.round((subtotal - discount) * 0.05);
	const tax = Math.round((subtotal - discount + service) * 0.1);
	const rounding = -((subtotal - discount + service + tax) % 100);
	const total = subtotal - discount + service + tax + rounding;
	// Any instant of the day and the small hours after it, so the hours cross midnight in every zone.
	const created = new Date(Date.parse(`${date}T00:00:00Z`) + Math.floor(r() * 30 * 3_600_000)).toISOString();
	const o: ReportOrder = {
		local_id: localId,
		status,
		subtotal,
		service_amount: service,
		tax_amount: tax,
		rounding_amount: rounding,
		total_amount: total,
		...(discount ? { discount_amount: discount } : {}),
		pax: r() < 0.1 ? null : 1 + Math.floor(r() * 4),
		created_at: created,
		business_date: date,
		items,
		payments: null,
		refunds: null
	};
	if (status !== 'paid') return o;
	const paid = pay(r, o);
	return r() < 0.1 ? refund(r, paid) : paid;
}

/** The order paid, in one method or split in two. */
function pay(r: () => number, o: ReportOrder): ReportOrder {
	const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
	const split = r() < 0.3;
	const half = Math.floor(o.total_amount / 2);
	return {
		...o,
		status: 'paid',
		payments: (split ? [pick(METHODS), pick(METHODS)] : [pick(METHODS)]).map((method, i) => ({
			local_id: `${o.local_id}:pay:${i}`,
			method,
			amount: split ? (i === 0 ? half : o.total_amount - half) : o.total_amount,
			cash_amount: null,
			change_amount: null,
			paid_at: o.created_at
		}))
	};
}

/** One more refund of a paid order, in any method. */
function refund(r: () => number, o: ReportOrder): ReportOrder {
	const n = o.refunds?.length ?? 0;
	return {
		...o,
		refunds: [
			...(o.refunds ?? []),
			{
				local_id: `${o.local_id}:ref:${n}`,
				method: METHODS[Math.floor(r() * METHODS.length)]!,
				amount: Math.min(o.total_amount, 10_000),
				refunded_at: o.created_at
			}
		]
	};
}

const byStorage = (a: ReportOrder, b: ReportOrder) =>
	a.business_date < b.business_date
		? -1
		: a.business_date > b.business_date
			? 1
			: a.local_id < b.local_id
				? -1
				: a.local_id > b.local_id
					? 1
					: 0;

/** Orders over `days` days, in no particular order (a full fold reads them in storage order: `byStorage`). */
function randomOrders(seed: number, firstDay: string, days: number, perDay: number): ReportOrder[] {
	const r = rng(seed);
	const out: ReportOrder[] = [];
	for (let d = 0; d < days; d++) {
		const date = addDays(firstDay, d);
		for (let k = 0; k < perDay; k++) {
			// Local ids that do not sort in creation order, as a full fold meets them.
			const id = `O-${Math.floor(r() * 36 ** 4).toString(36)}-${k}`;
			out.push(randomOrder(r, date, id, STATUSES[Math.floor(r() * STATUSES.length)]!));
		}
	}
	return out.sort(() => r() - 0.5);
}

/** The full fold: every order in storage order. */
const fullReport = (orders: readonly ReportOrder[], from: string, to: string, zone: OutletTimeZone) =>
	salesReport([...orders].sort(byStorage), from, to, zone);

const viaJson = (p: DayPartial): DayPartial => JSON.parse(JSON.stringify(p)) as DayPartial;

/** A partial in a form that ignores the order of its lists and lines (a fold and an update list them differently). */
const norm = ({ names, ...p }: DayPartial) => ({
	...p,
	categories: [...p.categories].sort(),
	products: [...p.products].sort(),
	counted: [...(countedOrders({ ...p, names }) ?? [])].map((x) => JSON.stringify(x)).sort()
});

/** The report from day partials (each through JSON, as stored, folded from its orders in any order), in date order. */
function fromPartials(
	orders: readonly ReportOrder[],
	from: string,
	to: string,
	timeZone: OutletTimeZone
): { report: ReturnType<typeof finishReport>; partials: DayPartial[] } {
	const dates = [...new Set(orders.map((o) => o.business_date))].sort();
	const partials = dates.map((d) =>
		viaJson(
			dayPartial(
				orders.filter((o) => o.business_date === d),
				d,
				timeZone,
				() => 1
			)
		)
	);
	return { report: reportOf(partials, from, to, timeZone), partials };
}

function reportOf(partials: readonly DayPartial[], from: string, to: string, zone: OutletTimeZone) {
	const acc = startReport(from, to, zone);
	for (const p of [...partials].sort((a, b) => (a.date < b.date ? -1 : 1))) addPartialToReport(acc, p);
	return finishReport(acc);
}

describe('report from day partials', () => {
	const zones: OutletTimeZone[] = ['Asia/Jakarta', 'Asia/Jayapura', { offset_minutes: 330 }];
	for (const [i, zone] of zones.entries()) {
		it(`equals the fold of every order (${JSON.stringify(zone)})`, () => {
			const orders = randomOrders(1000 + i, '2026-01-25', 9, 60);
			for (const [from, to] of [
				['2026-01-25', '2026-02-02'],
				['2026-01-27', '2026-01-30'],
				['2026-01-29', '2026-01-29'],
				['2026-01-20', '2026-01-26']
			] as const) {
				const full = fullReport(orders, from, to, zone);
				const { report } = fromPartials(orders, from, to, zone);
				expect(report).toEqual(full);
				expect(reportCsv(report)).toBe(reportCsv(full));
				expect(Object.keys(report.payment_methods)).toEqual(Object.keys(full.payment_methods));
			}
		});
	}

	it('keeps the top-N ties and every hour as the full fold does', () => {
		const orders = randomOrders(7, '2026-03-01', 5, 200);
		const full = fullReport(orders, '2026-03-01', '2026-03-05', 'Asia/Makassar');
		const { report } = fromPartials(orders, '2026-03-01', '2026-03-05', 'Asia/Makassar');
		expect(full.top_products).toHaveLength(10);
		expect(report.top_products).toEqual(full.top_products);
		expect(report.hours).toEqual(full.hours);
		expect(full.hours.filter((h) => h.orders > 0).length).toBeGreaterThan(12);
		expect(report.categories).toEqual(full.categories);
	});

	it('refuses a partial folded in another zone', () => {
		const orders = randomOrders(9, '2026-03-01', 1, 5);
		const p = dayPartial(orders, '2026-03-01', 'Asia/Jakarta', () => 1);
		const acc = startReport('2026-03-01', '2026-03-01', 'Asia/Jayapura');
		expect(() => addPartialToReport(acc, p)).toThrow(RangeError);
	});
});

describe('a day partial kept up incrementally', () => {
	type Stored = { order: ReportOrder; revision: number; deleted: boolean };

	/**
	 * A till's days as they happen: new orders (paid, open, sent or void), open orders paid or voided, paid orders
	 * refunded or voided, deletions, and now and then a report that takes each day's partial (through JSON) with the
	 * orders written since into `updateDay`, folding the day again when it says so. Every report, and the CSV, must
	 * equal the full fold of the orders as they are then. Some orders carry half a rupiah (a contribution the partial
	 * cannot keep: their rewrite folds the day again), product names with the lines' separators, local ids with spaces.
	 */
	function run(seed: number, zone: OutletTimeZone) {
		const r = rng(seed);
		const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
		const first = '2026-05-01';
		const dates = [first, addDays(first, 1), addDays(first, 2)];
		const store = new Map<string, Stored>();
		const partials = new Map<string, DayPartial>();
		let touched = new Set<string>();
		const tally = { reports: 0, added: 0, rewritten: 0, refolded: 0, untouched: 0 };
		const write = (order: ReportOrder, deleted = false) => {
			const was = store.get(order.local_id);
			store.set(order.local_id, { order, revision: (was?.revision ?? 0) + 1, deleted });
			touched.add(order.local_id);
		};
		const live = () => [...store.values()].filter((s) => !s.deleted).map((s) => s.order);
		const report = (last = false) => {
			tally.reports++;
			for (const date of dates) {
				const stored = partials.get(date);
				const changes: DayChange[] = [...touched]
					.map((id) => store.get(id)!)
					.filter((s) => s.order.business_date === date);
				const update = stored && updateDay(stored, changes);
				let next = update ? update.partial : null;
				if (update && update.added) tally.added++;
				if (update && update.rewritten) tally.rewritten++;
				if (stored && next === stored) tally.untouched++;
				if (!next) {
					if (stored) tally.refolded++;
					const ofDay = [...store.values()].filter((s) => !s.deleted && s.order.business_date === date);
					const revisions = new Map(ofDay.map((s) => [s.order.local_id, s.revision]));
					next = dayPartial(
						ofDay.map((s) => s.order).sort(() => r() - 0.5),
						date,
						zone,
						(o) => revisions.get(o.local_id)!
					);
				}
				partials.set(date, viaJson(next));
			}
			touched = new Set();
			for (const [from, to] of [
				[dates[0]!, dates[2]!],
				[dates[1]!, dates[1]!]
			] as const) {
				const got = reportOf([...partials.values()], from, to, zone);
				const want = fullReport(live(), from, to, zone);
				expect(got).toEqual(want);
				expect(reportCsv(got)).toBe(reportCsv(want));
				expect(Object.keys(got.payment_methods)).toEqual(Object.keys(want.payment_methods));
			}
			// A partial holds exactly the day's counted orders, at their revision.
			for (const date of dates) {
				const counted = [...store.values()].filter(
					(s) =>
						!s.deleted &&
						s.order.business_date === date &&
						(s.order.status === 'paid' || s.order.status === 'void')
				);
				expect(heldOrders(partials.get(date)!)).toEqual(
					new Map(counted.map((s) => [s.order.local_id, s.revision]))
				);
				// And, at the end, each one's contribution as a fold of the day keeps it.
				if (!last) continue;
				const revisions = new Map(counted.map((s) => [s.order.local_id, s.revision]));
				const fold = dayPartial(
					counted.map((s) => s.order),
					date,
					zone,
					(o) => revisions.get(o.local_id)!
				);
				expect(norm(partials.get(date)!)).toEqual(norm(fold));
			}
		};

		for (let step = 0; step < 900; step++) {
			const x = r();
			const all = [...store.values()].filter((s) => !s.deleted);
			const opened = all.filter((s) => s.order.status === 'open' || s.order.status === 'sent');
			const paid = all.filter((s) => s.order.status === 'paid');
			if (x < 0.55 || all.length < 5) {
				const id = `T ${Math.floor(r() * 36 ** 5).toString(36)}-${step}`;
				let o = randomOrder(r, pick(dates), id, pick(STATUSES));
				const odd = r();
				// On the last day only: from its first such order on, every rewrite there folds that day again.
				if (odd < 0.05 && o.business_date === dates[2])
					o = { ...o, subtotal: o.subtotal + 0.5, total_amount: o.total_amount + 0.5 };
				else if (odd < 0.1)
					o = {
						...o,
						items: o.items.map((it, k) =>
							k ? it : { ...it, product_name: 'Kopi, "susu" / 1.5 L\n', category: 'a.b/c,d' }
						)
					};
				write(o);
			} else if (x < 0.72 && opened.length) {
				write(pay(r, pick(opened).order));
			} else if (x < 0.8 && paid.length) {
				write(refund(r, pick(paid).order));
			} else if (x < 0.86 && opened.length) {
				write({ ...pick(opened).order, status: 'void' });
			} else if (x < 0.89 && paid.length) {
				write({ ...pick(paid).order, status: 'void', payments: null, refunds: null });
			} else if (x < 0.91) {
				const gone = pick(all);
				write(gone.order, true);
			}
			if (r() < 0.08) report();
		}
		report(true);
		return tally;
	}

	const zones: OutletTimeZone[] = ['Asia/Jakarta', 'Asia/Jayapura', { offset_minutes: 330 }];
	for (const [i, zone] of zones.entries()) {
		it(`equals the full fold after any order of sales, payments, refunds, voids and deletions (${JSON.stringify(zone)})`, () => {
			const tally = run(500 + i, zone);
			// Every way was taken, many times over.
			expect(tally.reports).toBeGreaterThan(40);
			expect(tally.added).toBeGreaterThan(20);
			expect(tally.rewritten).toBeGreaterThan(20);
			expect(tally.refolded).toBeGreaterThan(3);
		});
	}

	it('adds a new sale, skips orders it does not count, and takes a held one rewritten from its counted orders', () => {
		const date = '2026-06-01';
		const r = rng(3);
		const sold = [randomOrder(r, date, 'A', 'paid'), randomOrder(r, date, 'B', 'void')];
		const p = dayPartial(sold, date, 'Asia/Jakarta', () => 1);
		expect(heldOrders(p)).toEqual(
			new Map([
				['A', 1],
				['B', 1]
			])
		);
		const open = randomOrder(r, date, 'C', 'open');
		expect(updatePartial(p, [{ order: open, revision: 1, deleted: false }])).toBe(p);
		expect(updatePartial(p, [{ order: sold[0]!, revision: 1, deleted: false }])).toBe(p);
		const later = randomOrder(r, addDays(date, 1), 'D', 'paid');
		expect(updatePartial(p, [{ order: later, revision: 1, deleted: false }])).toBe(p);
		const paidC = pay(r, open);
		const next = updatePartial(p, [{ order: paidC, revision: 2, deleted: false }]);
		expect(norm(next!)).toEqual(
			norm(dayPartial([...sold, paidC], date, 'Asia/Jakarta', (o) => (o.local_id === 'C' ? 2 : 1)))
		);
		expect(next?.orders).toBe(p.orders + 1);
		// A refund of A: A replaced at its new revision; a deletion of B: B dropped. No order of the day is needed.
		const refunded = refund(r, sold[0]!);
		const one = updateDay(p, [{ order: refunded, revision: 2, deleted: false }])!;
		expect([one.added, one.rewritten]).toEqual([0, 1]);
		expect(norm(one.partial)).toEqual(
			norm(dayPartial([refunded, sold[1]!], date, 'Asia/Jakarta', (o) => (o.local_id === 'A' ? 2 : 1)))
		);
		expect(norm(updatePartial(p, [{ order: sold[1]!, revision: 2, deleted: true }])!)).toEqual(
			norm(dayPartial([sold[0]!], date, 'Asia/Jakarta', () => 1))
		);
		// Both at once with C paid, through JSON as stored.
		const three = updateDay(viaJson(p), [
			{ order: paidC, revision: 2, deleted: false },
			{ order: refunded, revision: 2, deleted: false },
			{ order: sold[1]!, revision: 2, deleted: true }
		])!;
		expect([three.added, three.rewritten]).toEqual([1, 2]);
		expect(norm(three.partial)).toEqual(norm(dayPartial([refunded, paidC], date, 'Asia/Jakarta', () => 2)));
		// An order whose contribution is not kept (half a rupiah): held by revision only, its rewrite folds the day.
		const odd = { ...randomOrder(r, date, 'E', 'paid'), subtotal: 1_000.5 };
		const withOdd = updatePartial(p, [{ order: odd, revision: 1, deleted: false }])!;
		expect(heldOrders(withOdd)?.get('E')).toBe(1);
		expect(countedOrders(withOdd)?.get('E')).toEqual({ revision: 1, order: null, hour: 0 });
		expect(
			updatePartial(withOdd, [{ order: { ...odd, status: 'void' }, revision: 2, deleted: false }])
		).toBeNull();
		// A rewrite of another order still folds from the counted orders if the odd one is not among them... it is: null.
		expect(updatePartial(withOdd, [{ order: refunded, revision: 2, deleted: false }])).toBeNull();
		// Adding to it keeps working (the sums need no contribution).
		expect(updatePartial(withOdd, [{ order: paidC, revision: 2, deleted: false }])?.orders).toBe(
			withOdd.orders + 1
		);
	});
});

describe("a report's hours", () => {
	it('are the outlet wall clock hour of each order, across DST changes and quarter-hour offsets', () => {
		const r = rng(77);
		const zones = [
			'America/New_York',
			'Australia/Lord_Howe',
			'Asia/Kathmandu',
			'Europe/London',
			'Asia/Jakarta'
		];
		for (const zone of zones) {
			// Instants over two years, and many within an hour of the DST changes of 2026 (March/April, October/November).
			const instants = [
				...Array.from({ length: 400 }, () => Date.UTC(2025, 0, 1) + Math.floor(r() * 730 * 86_400_000)),
				...[
					Date.UTC(2026, 2, 8, 7),
					Date.UTC(2026, 3, 4, 15),
					Date.UTC(2026, 9, 3, 15, 30),
					Date.UTC(2026, 10, 1, 6)
				].flatMap((t) => Array.from({ length: 120 }, (_, k) => t - 3_600_000 + k * 60_000 + 7_000)),
				...[Date.UTC(2026, 2, 29, 1), Date.UTC(2026, 9, 25, 1)].flatMap((t) =>
					Array.from({ length: 120 }, (_, k) => t - 3_600_000 + k * 60_000)
				)
			];
			const orders = instants.map((ms, i) => ({
				...randomOrder(r, '2026-01-01', `H-${i}`, 'paid'),
				created_at: new Date(ms).toISOString()
			}));
			const got = salesReport(orders, '2026-01-01', '2026-01-01', zone).hours.map((h) => h.orders);
			const want = Array.from({ length: 24 }, () => 0);
			for (const ms of instants) want[outletHour(ms, zone)]!++;
			expect([zone, got]).toEqual([zone, want]);
		}
	});
});
