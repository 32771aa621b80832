// Why: a report built from stored day partials must be exactly the report folding every order (stored summaries are a
// cache of it): random orders over several days, folded both ways, compared field by field and as CSV.
import { describe, expect, it } from 'vitest';
import {
	addPartialToReport,
	dayPartial,
	finishReport,
	reportCsv,
	salesReport,
	startReport,
	type DayPartial,
	type ReportOrder
} from './report';
import { addDays } from './business-day';
import type { OutletTimeZone } from './time';

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
const METHODS = ['cash', 'qris', 'card', 'transfer', 'gopay'];
const STATUSES = ['paid', 'paid', 'paid', 'paid', 'void', 'open', 'sent'];

function randomOrders(seed: number, firstDay: string, days: number, perDay: number): ReportOrder[] {
	const r = rng(seed);
	const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
	const out: ReportOrder[] = [];
	for (let d = 0; d < days; d++) {
		const date = addDays(firstDay, d);
		for (let k = 0; k < perDay; k++) {
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
			const created = new Date(
				Date.parse(`${date}T00:00:00Z`) + Math.floor(r() * 30 * 3_600_000)
			).toISOString();
			const status = pick(STATUSES);
			const split = r() < 0.3;
			const m1 = pick(METHODS);
			const m2 = pick(METHODS);
			const half = Math.floor(total / 2);
			const paid = status === 'paid';
			out.push({
				local_id: `O-${date}-${k}`,
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
				payments: paid
					? (split ? [m1, m2] : [m1]).map((method, i) => ({
							local_id: `O-${date}-${k}:pay:${i}`,
							method,
							amount: split ? (i === 0 ? half : total - half) : total,
							cash_amount: null,
							change_amount: null,
							paid_at: created
						}))
					: null,
				refunds:
					paid && r() < 0.1
						? [
								{
									local_id: `O-${date}-${k}:ref`,
									method: m1,
									amount: Math.min(total, 10_000),
									refunded_at: created
								}
							]
						: null
			});
		}
	}
	// Stored orders come back in no particular order within a day.
	return out.sort(() => r() - 0.5).sort((a, b) => (a.business_date < b.business_date ? -1 : 1));
}

/** The report from day partials (each through JSON, as stored), merged in date order. */
function fromPartials(
	orders: readonly ReportOrder[],
	from: string,
	to: string,
	timeZone: OutletTimeZone
): { report: ReturnType<typeof finishReport>; partials: DayPartial[] } {
	const dates = [...new Set(orders.map((o) => o.business_date))].sort();
	const partials = dates.map(
		(d) =>
			JSON.parse(
				JSON.stringify(
					dayPartial(
						orders.filter((o) => o.business_date === d),
						d,
						timeZone
					)
				)
			) as DayPartial
	);
	const acc = startReport(from, to, timeZone);
	for (const p of partials) addPartialToReport(acc, p);
	return { report: finishReport(acc), partials };
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
				const full = salesReport(orders, from, to, zone);
				const { report } = fromPartials(orders, from, to, zone);
				expect(report).toEqual(full);
				expect(reportCsv(report)).toBe(reportCsv(full));
				expect(Object.keys(report.payment_methods)).toEqual(Object.keys(full.payment_methods));
			}
		});
	}

	it('keeps the top-N ties and every hour as the full fold does', () => {
		const orders = randomOrders(7, '2026-03-01', 5, 200);
		const full = salesReport(orders, '2026-03-01', '2026-03-05', 'Asia/Makassar');
		const { report } = fromPartials(orders, '2026-03-01', '2026-03-05', 'Asia/Makassar');
		expect(full.top_products).toHaveLength(10);
		expect(report.top_products).toEqual(full.top_products);
		expect(report.hours).toEqual(full.hours);
		expect(full.hours.filter((h) => h.orders > 0).length).toBeGreaterThan(12);
		expect(report.categories).toEqual(full.categories);
	});

	it('refuses a partial folded in another zone', () => {
		const orders = randomOrders(9, '2026-03-01', 1, 5);
		const p = dayPartial(orders, '2026-03-01', 'Asia/Jakarta');
		const acc = startReport('2026-03-01', '2026-03-01', 'Asia/Jayapura');
		expect(() => addPartialToReport(acc, p)).toThrow(RangeError);
	});
});
