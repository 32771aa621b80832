// Why: the queries a till runs over its stored orders (the orders screen, pending counts, sync statistics, reports, a
// shift) must stay index-covered and fast when it holds 100,000 past orders; this times each one in Chromium on the real
// RxDB of a till set up through the wizard, spread over 100 business days as a busy outlet would hold them.
import type { MangoQuery } from 'rxdb';
import type { Page } from 'playwright-core';
import type { OrderDoc } from '../src/lib/db/types';
import { dayQuery } from '../src/lib/db/day-orders';
import { addDays, businessDate, dayStartOf } from '../src/lib/domain/business-day';
import { setupThroughWizard } from '../tests/e2e/pos-support';
import { makeOrders, DEMO } from '../tests/e2e/replication-support';
import { clientGoto, setManagerPin } from '../tests/e2e/shift-support';
import { COMMIT_MARGIN_MS, REPORT_STORED_MEASURE, type ReportStats } from '../src/lib/db/reports';
import { SHIFT_ORDERS_MEASURE, SHIFT_TOTALS_MEASURE } from '../src/lib/db/shift-orders';
import { shiftDoc } from '../tests/helpers/shift-docs';
import { collectTrace, keepTrace, layOut, traceIdb } from './idb-trace';
import { benchRig, median, percentile, report, size, type Figure } from './lib';

/** One query as the app runs it: a `find` (rows read) or a `count`. */
interface Probe {
	name: string;
	/** Where the app runs it. */
	where: string;
	op: 'find' | 'count';
	/** A query the app splits into several (one range each) counts as one: their times add up. */
	queries: MangoQuery<OrderDoc>[];
}

const DAYS = 100;
/** The open shift of the shift probe (opened yesterday: two business days of orders). */
const BENCH_SHIFT = 'SHIFT-bench';

function probes(today: string): Probe[] {
	const month = Array.from({ length: 30 }, (_, i) => addDays(today, -30 - i));
	return [
		{
			name: "orders screen: today's orders, the whole day (before)",
			where: 'managers/orders.svelte.ts until orders v3 (now a page: see the screen rows)',
			op: 'find',
			queries: [{ selector: { business_date: today } }]
		},
		{
			name: "orders screen: today's count",
			where: 'db/day-orders.ts (an IndexedDB count of the day range)',
			op: 'count',
			queries: [dayQuery(today)]
		},
		{
			name: 'orders screen: open orders (open, sent)',
			where: 'managers/orders.svelte.ts, services/sell.service.ts',
			op: 'find',
			queries: [{ selector: { status: 'open' } }, { selector: { status: 'sent' } }]
		},
		{
			name: 'open orders as one $in (before)',
			where: 'the query the two above replace',
			op: 'find',
			queries: [{ selector: { status: { $in: ['open', 'sent'] } } }]
		},
		{
			name: 'pending counts (orders pending, failed)',
			where: 'worker/state/state.ts, managers/app.svelte.ts',
			op: 'count',
			queries: [{ selector: { sync_status: 'pending' } }, { selector: { sync_status: 'failed' } }]
		},
		{
			name: 'sync statistics: orders not sent (pending + failed)',
			where: 'services/sync-stats.service.ts',
			op: 'count',
			queries: [{ selector: { sync_status: 'pending' } }, { selector: { sync_status: 'failed' } }]
		},
		{
			name: 'orders not sent as one $in (before)',
			where: 'the count the two above replace',
			op: 'count',
			queries: [{ selector: { sync_status: { $in: ['pending', 'failed'] } } }]
		},
		{
			name: 'push queue: pending orders, one batch',
			where: 'worker/cloud/push.ts',
			op: 'find',
			queries: [{ selector: { sync_status: 'pending' }, limit: 1000 }]
		},
		{
			name: 'report: one business day',
			where: 'db/reports.ts (a report reads its range day by day)',
			op: 'find',
			queries: month.slice(0, 1).map((d) => ({ selector: { business_date: d } }))
		},
		{
			name: 'shift: its business days',
			where: 'db/shift-orders.ts',
			op: 'find',
			queries: [{ selector: { business_date: { $gte: addDays(today, -1), $lte: today } } }]
		},
		{
			name: 'report: a month, day by day (30 queries)',
			where: 'db/reports.ts',
			op: 'find',
			queries: month.map((d) => ({ selector: { business_date: d } }))
		}
	];
}

/**
 * `n` past orders over DAYS business days ending today (cloud-acknowledged), and today a few held, sent, pending and
 * failed ones, bulk-inserted into the real RxDB in chunks (the UI would take hours).
 */
async function insertOrders(page: Page, outletId: string, n: number, today: string): Promise<number> {
	const t0 = performance.now();
	const chunk = 5000;
	for (let done = 0; done < n; done += chunk) {
		const docs: OrderDoc[] = makeOrders(outletId, Math.min(chunk, n - done), 2_000_000 + done).map((o, k) => {
			const i = done + k;
			const day = addDays(today, -(i % DAYS));
			const at = `${day}T0${i % 10}:00:00.000Z`;
			const recent = n - i;
			const status = recent <= 3 ? 'open' : recent <= 5 ? 'sent' : 'paid';
			const sync = recent <= 60 ? 'pending' : recent <= 65 ? 'failed' : 'synced';
			const businessDay = recent <= 65 ? today : day;
			return {
				...o,
				business_date: businessDay,
				// Three in four of the last two business days' orders were sold in the shift the shift probe reads.
				shift_id: businessDay >= addDays(today, -1) && i % 4 !== 3 ? BENCH_SHIFT : null,
				created_at: at,
				updated_at: at,
				status,
				cloud_id: sync === 'synced' ? `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` : null,
				synced_version: sync === 'synced' ? o.version : 0,
				synced_at: sync === 'synced' ? at : null,
				sync_status: sync
			};
		});
		await page.evaluate(async (d) => {
			const r = await (await window.__kasir!.database()).orders.bulkInsert(d);
			if (r.error.length) throw new Error(`insert failed: ${r.error.length}`);
		}, docs);
	}
	return performance.now() - t0;
}

interface Timed {
	name: string;
	where: string;
	covered: boolean;
	rows: number;
	ms: number[];
}

/**
 * Each probe `reps` times through the orders collection's storage (IndexedDB via RxDB's Dexie storage: the index walk,
 * the row-by-row check when the index does not hold the selector, the sort), not RxDB's query cache, which would answer
 * a repeated query from memory. `covered`: RxDB's planner says one index holds the whole selector.
 */
async function timeProbes(page: Page, list: Probe[], reps: number): Promise<Timed[]> {
	return page.evaluate(
		async ({ list, reps }) => {
			const orders = (await window.__kasir!.database()).orders;
			const out = list.map((p) => ({
				name: p.name,
				where: p.where,
				covered: true,
				rows: 0,
				ms: [] as number[]
			}));
			for (let r = 0; r < reps; r++) {
				for (const [i, p] of list.entries()) {
					const prepared = p.queries.map((q) => orders.find(q).getPreparedQuery());
					const t0 = performance.now();
					let rows = 0;
					for (const q of prepared) {
						if (p.op === 'count') rows += (await orders.storageInstance.count(q)).count;
						else rows += (await orders.storageInstance.query(q)).documents.length;
					}
					const o = out[i]!;
					o.ms.push(performance.now() - t0);
					o.rows = rows;
					o.covered = prepared.every((q) => q.queryPlan.selectorSatisfiedByIndex);
				}
			}
			return out;
		},
		{ list, reps }
	);
}

const FIRST_PAGE_MARK = 'kasir:orders:first-page';
const PAID_TOTAL_MARK = 'kasir:orders:paid-total';

/**
 * The orders screen's own reads, timed by the screen (User Timing measures in db/live-day-orders.ts), opened `reps` times
 * from the tables screen: its first page (the day's count and the newest page in one read transaction, through
 * [business_date, created_at] backwards) and, after it, the fold of the day for the paid total.
 */
async function screenFigures(page: Page, reps: number, held: number): Promise<Figure[]> {
	const firstPage: number[] = [];
	const paidTotal: number[] = [];
	let shown = { rows: 0, count: 0, paid: '' };
	const painted: number[] = [];
	// BENCH_ORDERS_CDP=<file>: a Chromium trace of the reps (the main thread's tasks, layout and paint beside the marks).
	const cdp = process.env.BENCH_ORDERS_CDP;
	const browser = page.context().browser();
	if (cdp && browser)
		await browser.startTracing(page, {
			path: cdp,
			categories: [
				'devtools.timeline',
				'disabled-by-default-devtools.timeline',
				'blink.user_timing',
				'v8',
				'blink'
			]
		});
	for (let r = 0; r < reps; r++) {
		await clientGoto(page, '/tables');
		const before = await page.evaluate((m) => performance.getEntriesByName(m).length, PAID_TOTAL_MARK);
		// The tap on "orders" to the frame that shows the day's first page as read now (the screen keeps the last visit's
		// rows in memory, so rows on screen alone would not say it): the frame after the first page's read ended.
		painted.push(
			await page.evaluate(
				// No named functions in here (the bench's TS loader would wrap them in a helper the page lacks): awaited frames.
				async ({ m, href }) => {
					const n = performance.getEntriesByName(m).length;
					const a = document.createElement('a');
					a.href = href;
					document.body.appendChild(a);
					const t0 = performance.now();
					a.click();
					a.remove();
					while (performance.getEntriesByName(m).length <= n)
						await new Promise((resolve) => requestAnimationFrame(resolve));
					// The frame that renders what the read gave, then the next one's start: that frame was painted.
					await new Promise((resolve) => requestAnimationFrame(resolve));
					await new Promise((resolve) => requestAnimationFrame(resolve));
					return performance.now() - t0;
				},
				{ m: FIRST_PAGE_MARK, href: '/orders' }
			)
		);
		await page.waitForURL((u) => u.pathname === '/orders');
		await page.waitForFunction(
			({ m, n }) => performance.getEntriesByName(m).length > n,
			{ m: PAID_TOTAL_MARK, n: before },
			{ timeout: 120_000 }
		);
		const t = await page.evaluate(
			({ a, b }) => {
				// No named functions in here: the bench's TS loader would wrap them in a helper the page lacks.
				const summary = document.querySelector('[data-testid="orders-summary"]');
				return {
					first: performance.getEntriesByName(a).at(-1)?.duration ?? NaN,
					paid: performance.getEntriesByName(b).at(-1)?.duration ?? NaN,
					rows: document.querySelectorAll('tr[data-order]').length,
					count: Number(summary?.getAttribute('data-count')),
					total: summary?.getAttribute('data-paid') ?? ''
				};
			},
			{ a: FIRST_PAGE_MARK, b: PAID_TOTAL_MARK }
		);
		firstPage.push(t.first);
		// BENCH_ORDERS_TRACE=1: what the page and its worker had in IndexedDB, and the page's long tasks, around each first
		// page (bench/idb-trace.ts), from 400 ms before its read to its end (ms from the read's start).
		if (process.env.BENCH_ORDERS_TRACE === '1') {
			const trace = await collectTrace(page);
			const m = trace.marks.filter((x) => x.name === FIRST_PAGE_MARK).at(-1);
			if (m?.end !== undefined) {
				console.log(`first page ${r}: ${t.first.toFixed(1)} ms`);
				const near = { rows: trace.rows, marks: trace.marks.filter((x) => x.at >= m.at - 400) };
				for (const l of layOut(near, m.at, m.end).filter((l) => parseFloat(l) > -400)) console.log(`  ${l}`);
			}
		}
		paidTotal.push(t.paid);
		shown = { rows: t.rows, count: t.count, paid: t.total };
	}
	if (cdp && browser) await browser.stopTracing();
	const covered = await page.evaluate(async (q) => {
		const plan = (await window.__kasir!.database()).orders.find(q).getPreparedQuery().queryPlan;
		return plan.selectorSatisfiedByIndex && plan.sortSatisfiedByIndex;
	}, dayQuery(''));
	const detail = (ms: number[], rows: number) => ({
		median_ms: median(ms),
		rows,
		day_count: shown.count,
		paid_total: shown.paid,
		// The first opening of the day on this device (since the seventh pass it folds the day and stores its partial).
		first_ms: ms[0] ?? NaN,
		index_covered: covered ? 'yes' : 'no',
		goal_ms: 50,
		where: 'db/live-day-orders.ts, db/day-orders.ts'
	});
	return [
		{
			measure: `orders screen: first page (day count + newest ${shown.rows} of today), p95 over ${reps}, ${held} orders held`,
			kasir: percentile(firstPage, 95),
			floor: null,
			unit: 'ms',
			detail: detail(firstPage, shown.rows)
		},
		{
			measure: `orders screen: the tap on "orders" to the first page painted, p95 over ${reps}, ${held} orders held`,
			kasir: percentile(painted, 95),
			floor: null,
			unit: 'ms',
			detail: { ...detail(painted, shown.rows), goal_ms: '—' }
		},
		{
			measure: `orders screen: paid total (the day folded once, after the first page), p95 over ${reps}, ${held} orders held`,
			kasir: percentile(paidTotal, 95),
			floor: null,
			unit: 'ms',
			detail: detail(paidTotal, shown.count)
		}
	];
}

/**
 * The orders screen's reads alone, in a quiet loop like the probes above (no navigation or rendering beside them): the
 * same IndexedDB requests as db/day-orders.ts on the [business_date, created_at] index (the first page: a count and one
 * `getAll` backwards; before the eleventh pass a key cursor 'prev' with one `advance`, then a `getAll`, timed beside it;
 * the paid total: a `getAll` of the day).
 */
async function directReadFigures(page: Page, today: string, reps: number, held: number): Promise<Figure[]> {
	const t = await page.evaluate(
		async ({ today, reps }) => {
			// Its own connection to the orders collection's IndexedDB database (RxDB's Dexie storage names it so).
			const kasir = await window.__kasir!.database();
			const db = await new Promise<IDBDatabase>((resolve, reject) => {
				const req = indexedDB.open(`rxdb-dexie-${kasir.name}--${kasir.orders.schema.version}--orders`);
				req.onsuccess = () => resolve(req.result);
				req.onerror = () => reject(req.error ?? new Error('open'));
			});
			const day = IDBKeyRange.bound(['0', today, ''], ['0', today, '\uffff']);
			const page: number[] = [];
			const cursorPage: number[] = [];
			const total: number[] = [];
			let rows = 0;
			let dayRows = 0;
			for (let r = 0; r < reps; r++) {
				// The page as the screen reads it since the eleventh pass: the count and one getAll backwards, side by side.
				let t0 = performance.now();
				const idx = db
					.transaction('docs', 'readonly')
					.objectStore('docs')
					.index('[_deleted+business_date+created_at+local_id]');
				const counted = idx.count(day);
				const newest = await new Promise<unknown[]>((resolve, reject) => {
					const req = (
						idx.getAll as unknown as (o: {
							query: IDBKeyRange;
							count: number;
							direction: IDBCursorDirection;
						}) => IDBRequest<unknown[]>
					).call(idx, { query: day, count: 50, direction: 'prev' });
					req.onsuccess = () => resolve(req.result);
					req.onerror = () => reject(req.error ?? new Error('getAll'));
				});
				await new Promise((resolve) => {
					if (counted.readyState === 'done') resolve(null);
					else counted.addEventListener('success', resolve);
				});
				page.push(performance.now() - t0);
				rows = newest.length;
				// Before it: the page's edge found with a key cursor first, then one getAll up from it.
				t0 = performance.now();
				const index = db
					.transaction('docs', 'readonly')
					.objectStore('docs')
					.index('[_deleted+business_date+created_at+local_id]');
				const count = index.count(day);
				const edge = await new Promise<IDBValidKey | null>((resolve, reject) => {
					const req = index.openKeyCursor(day, 'prev');
					let skipped = false;
					req.onsuccess = () => {
						const c = req.result;
						if (!c) return resolve(null);
						if (skipped) return resolve(c.key);
						skipped = true;
						c.advance(49);
					};
					req.onerror = () => reject(req.error ?? new Error('cursor'));
				});
				const got = await new Promise<unknown[]>((resolve, reject) => {
					const req = index.getAll(edge === null ? day : IDBKeyRange.bound(edge, day.upper));
					req.onsuccess = () => resolve(req.result);
					req.onerror = () => reject(req.error ?? new Error('getAll'));
				});
				await new Promise((resolve) => {
					if (count.readyState === 'done') resolve(null);
					else count.addEventListener('success', resolve);
				});
				cursorPage.push(performance.now() - t0);
				if (got.length !== rows) throw new Error(`the two page reads differ: ${got.length} / ${rows}`);
				t0 = performance.now();
				const all = await new Promise<unknown[]>((resolve, reject) => {
					const req = db
						.transaction('docs', 'readonly')
						.objectStore('docs')
						.index('[_deleted+business_date+created_at+local_id]')
						.getAll(day);
					req.onsuccess = () => resolve(req.result);
					req.onerror = () => reject(req.error ?? new Error('getAll'));
				});
				total.push(performance.now() - t0);
				dayRows = all.length;
			}
			db.close();
			return { page, cursorPage, total, rows, dayRows };
		},
		{ today, reps }
	);
	const where = 'db/day-orders.ts, the same IndexedDB requests in a quiet loop';
	return [
		{
			measure: `orders screen, reads alone: first page (count + newest ${t.rows}), p95 over ${reps}, ${held} orders held`,
			kasir: percentile(t.page, 95),
			floor: null,
			unit: 'ms',
			detail: { median_ms: median(t.page), rows: t.rows, index_covered: 'yes', goal_ms: 50, where }
		},
		{
			measure: `orders screen, reads alone: first page through a key cursor (before the eleventh pass), p95 over ${reps}, ${held} orders held`,
			kasir: percentile(t.cursorPage, 95),
			floor: null,
			unit: 'ms',
			detail: { median_ms: median(t.cursorPage), rows: t.rows, index_covered: 'yes', goal_ms: 50, where }
		},
		{
			measure: `orders screen, reads alone: the day for the paid total (one getAll), p95 over ${reps}, ${held} orders held`,
			kasir: percentile(t.total, 95),
			floor: null,
			unit: 'ms',
			detail: { median_ms: median(t.total), rows: t.dayRows, index_covered: 'yes', goal_ms: 50, where }
		}
	];
}

/** One report as the manager runs it on the reports screen: the `kasir:report` measure (query to figures) and what it read. */
async function runReport(page: Page, from: string, to: string): Promise<{ ms: number; stats: ReportStats }> {
	const names = ['kasir:report', REPORT_STORED_MEASURE] as const;
	const before = await page.evaluate((ns) => ns.map((n) => performance.getEntriesByName(n).length), names);
	await page.getByTestId('rp-from').fill(from);
	await page.getByTestId('rp-to').fill(to);
	await page.getByTestId('rp-run').click();
	await page.waitForFunction(
		([n, b]) => performance.getEntriesByName(n).length > b,
		[names[0], before[0] ?? 0] as const,
		{
			timeout: 600_000
		}
	);
	const one = await page.evaluate((n) => {
		const e = performance.getEntriesByName(n).at(-1) as PerformanceMeasure;
		return { ms: e.duration, stats: e.detail as ReportStats };
	}, names[0]);
	// The partials are stored after the figures (services/report.service.ts): the next case starts once they are, as
	// it did when the report waited for them, and the split's write is that write's own time.
	if (one.stats.stored > 0) {
		await page.waitForFunction(
			([n, b]) => performance.getEntriesByName(n).length > b,
			[names[1], before[1] ?? 0] as const,
			{ timeout: 600_000 }
		);
		one.stats.ms.write = await page.evaluate(
			(n) => ((performance.getEntriesByName(n).at(-1) as PerformanceMeasure).detail as { ms: number }).ms,
			names[1]
		);
	}
	return one;
}

/** Forgets every stored day partial, so the next report folds and stores them again (a cold report). */
async function dropDaySummaries(page: Page): Promise<void> {
	await page.evaluate(async () => {
		const meta = (await window.__kasir!.database()).meta;
		const docs = await meta.find({ selector: { key: { $regex: '^report-day:' } } }).exec();
		await meta.bulkRemove(docs.map((d) => d.key));
	});
}

/** A new paid order of `date` written as the pay path writes one (an insert through the collection): a sale while selling. */
async function sellOn(page: Page, date: string): Promise<void> {
	await page.evaluate(async (d) => {
		const db = await window.__kasir!.database();
		const like = await db.orders.findOne({ selector: { business_date: d, status: 'paid' } }).exec();
		if (!like) throw new Error(`no paid order on ${d} to copy`);
		const at = new Date().toISOString();
		await db.orders.insert({
			...like.toMutableJSON(),
			local_id: crypto.randomUUID(),
			created_at: at,
			updated_at: at,
			cloud_id: null,
			synced_version: 0,
			synced_at: null,
			sync_status: 'pending'
		});
	}, date);
}

/**
 * Refunds 1,000 of one counted order of `date` (one more refund entry, as the refund path writes it: one write of the
 * order), so that day's partial holds it at an older revision.
 */
async function refundOrderOf(page: Page, date: string): Promise<void> {
	await page.evaluate(async (d) => {
		const doc = await (
			await window.__kasir!.database()
		).orders
			.findOne({ selector: { business_date: d, status: 'paid' } })
			.exec();
		await doc?.incrementalModify((o) => {
			const at = new Date().toISOString();
			const refunds = o.refunds ?? [];
			return {
				...o,
				updated_at: at,
				refunds: [
					...refunds,
					{
						local_id: `${o.local_id}:bench-refund:${refunds.length}`,
						lines: [],
						amount: 1_000,
						method: 'cash' as const,
						reason: 'bench',
						refunded_at: at,
						cashier_name: 'bench',
						shift_id: null
					}
				]
			};
		});
	}, date);
}

/** The stored partial of `date` as JSON, in KB (what each write of it carries). */
async function partialKb(page: Page, date: string): Promise<number> {
	return page.evaluate(async (key) => {
		const doc = await (await window.__kasir!.database()).meta.findOne(key).exec();
		return doc ? Math.round(JSON.stringify(doc.toJSON().value).length / 102.4) / 10 : 0;
	}, `report-day:${date}`);
}

/**
 * The reports screen over the stored orders (db/reports.ts: days from stored day partials, checked against the orders
 * written since): a month cold (its partials being built), the same month and one past day warm, and today with a
 * sale since the last report (folded again) and without. Figures are the app's own `kasir:report` measure, before the paint.
 */
async function timeReports(
	page: Page,
	url: string,
	today: string,
	reps: number,
	held: number
): Promise<Figure[]> {
	const pin = '1357';
	// setManagerPin's inner arrow gets tsx's `__name` wrapper, which the page does not have: a no-op one (a string, so
	// tsx leaves it alone).
	await page.evaluate('globalThis.__name ??= (f) => f');
	await setManagerPin(page, pin);
	await page.goto(`${url}/reports`);
	await page.getByTestId('manager-unlock').click();
	await page.getByTestId('pin-input').fill(pin);
	await page.getByTestId('pin-submit').click();
	await page.getByTestId('rp-summary').waitFor({ timeout: 600_000 });
	const monthFrom = addDays(today, -59);
	const monthTo = addDays(today, -30);
	const cases: {
		name: string;
		from: string;
		to: string;
		runs: number;
		before?: 'drop' | 'sale' | 'edit' | 'settle';
	}[] = [
		{
			name: 'report screen: a month, cold (30 day partials built)',
			from: monthFrom,
			to: monthTo,
			runs: size(3, 1),
			before: 'drop'
		},
		{ name: 'report screen: a month, warm (30 stored partials)', from: monthFrom, to: monthTo, runs: reps },
		{ name: 'report screen: one past business day, warm', from: monthTo, to: monthTo, runs: reps },
		{
			name: 'report screen: today, a new sale since the last report',
			from: today,
			to: today,
			runs: reps,
			before: 'sale'
		},
		{
			name: 'report screen: today, a refund of a counted order since the last report',
			from: today,
			to: today,
			runs: reps,
			before: 'edit'
		},
		{
			name: 'report screen: today, no sale since (its stored partial)',
			from: today,
			to: today,
			runs: reps,
			before: 'settle'
		}
	];
	const figures: Figure[] = [];
	for (const c of cases) {
		const ms: number[] = [];
		let last: ReportStats | undefined;
		const splits: ReportStats['ms'][] = [];
		// The last sale's write is older than the commit margin (as when the manager looks after closing): no change to
		// read. Not in the smoke run (its timings mean nothing and the suite has a budget).
		if (c.before === 'settle') await new Promise((r) => setTimeout(r, size(COMMIT_MARGIN_MS + 1000, 0)));
		for (let r = 0; r < c.runs; r++) {
			if (c.before === 'drop') await dropDaySummaries(page);
			if (c.before === 'sale') await sellOn(page, today);
			if (c.before === 'edit') await refundOrderOf(page, today);
			const one = await runReport(page, c.from, c.to);
			ms.push(one.ms);
			last = one.stats;
			splits.push(one.stats.ms);
			// BENCH_ORDERS_TRACE=1: what the page and its worker had in IndexedDB around each report after a new sale
			// (bench/idb-trace.ts), from 300 ms before the report to its end (ms from its start).
			if (process.env.BENCH_ORDERS_TRACE === '1' && c.before === 'sale') {
				const trace = await collectTrace(page);
				const m = trace.marks.filter((x) => x.name === 'kasir:report').at(-1);
				if (m?.end !== undefined) {
					const s = one.stats.ms;
					console.log(
						`report after a sale ${r}: ${one.ms.toFixed(1)} ms (${s.partials}/${s.changes}/${s.fold}/${s.write})`
					);
					const near = { rows: trace.rows, marks: trace.marks.filter((x) => x.at >= m.at - 300) };
					for (const l of layOut(near, m.at, m.end).filter((l) => parseFloat(l) > -300))
						console.log(`  ${l}`);
				}
			}
		}
		// The slowest run and its split (which part met the contention).
		const slowest = ms.indexOf(Math.max(...ms));
		figures.push({
			measure: `${c.name}, p95 over ${ms.length}, ${held} orders held`,
			kasir: percentile(ms, 95),
			floor: null,
			unit: 'ms',
			detail: {
				median_ms: median(ms),
				days: last?.days ?? 0,
				from_summaries: last?.from_summaries ?? 0,
				folded_days: last?.folded ?? 0,
				orders_read: last?.orders_read ?? 0,
				changed_read: last?.changed ?? 0,
				added_to_partials: last?.added ?? 0,
				rewritten_in_partials: (last as { rewritten?: number } | undefined)?.rewritten ?? 0,
				// Medians of the split (ms): stored partials read / changes read / days folded / partials written.
				split_median_ms: (['partials', 'changes', 'fold', 'write'] as const)
					.map((k) => median(splits.map((x) => x[k])))
					.join('/'),
				// The three slowest runs (the p95 of 20 is the second): which samples make the tail.
				slowest_ms: [...ms]
					.sort((a, b) => b - a)
					.slice(0, 3)
					.map((x) => Math.round(x * 10) / 10)
					.join('/'),
				slowest_split_ms: (['partials', 'changes', 'fold', 'write'] as const)
					.map((k) => splits[slowest]?.[k] ?? NaN)
					.join('/'),
				stored: last?.stored ?? 0,
				last_partial_kb: await partialKb(page, c.to),
				index_covered: last?.index_covered ? 'yes' : 'no',
				goal_ms: 50,
				where: 'services/report.service.ts → db/reports.ts'
			}
		});
	}
	return figures;
}

/**
 * The shift screen's own read of the open shift's orders (db/shift-orders.ts `loadShiftOrders`, the read the close,
 * a cash movement and the close's preview make too), timed by its `kasir:shift-orders` measure, for a shift opened
 * yesterday: two business days (~2,000 orders) read and the shift's own kept. Cold: the screen opened on a fresh page
 * load (nothing cached: its first open since the app started; the close reads the same way, once); again: the screen
 * open, one of the shift's orders written (as a void or a refund of the shift), to the screen's new totals (the
 * `kasir:shift-totals` measure).
 */
async function shiftFigures(
	page: Page,
	url: string,
	today: string,
	reps: number,
	held: number
): Promise<Figure[]> {
	const at = new Date().toISOString();
	// Pushed already (synced), so the bench's replicator leaves it alone; its outlet is the till's, read in the page.
	const shift = shiftDoc({
		local_id: BENCH_SHIFT,
		outlet_id: '',
		device_id: 'bench',
		opened_at: at,
		opened_by: 'bench',
		business_date: addDays(today, -1),
		synced_version: 1,
		synced_at: at,
		sync_status: 'synced'
	});
	await page.evaluate(async (doc) => {
		const db = await window.__kasir!.database();
		const store = await db.stores.findOne().exec();
		const value = { ...doc, outlet_id: store?.id ?? '', outlet_code: store?.code ?? '' };
		await db.meta.upsert({ key: `shift:${doc.local_id}`, value, updated_at: doc.opened_at });
	}, shift);
	type Read = {
		ms: number;
		startTime: number;
		detail: { read?: number; orders: number; ms?: Record<string, number> };
	};
	const last = (m: string) =>
		page.evaluate((name) => {
			const e = performance.getEntriesByName(name).at(-1) as PerformanceMeasure | undefined;
			return e ? { ms: e.duration, startTime: e.startTime, detail: e.detail as Read['detail'] } : null;
		}, m);
	const next = async (m: string, after: number): Promise<Read> => {
		await page.waitForFunction(
			({ m, after }) => (performance.getEntriesByName(m).at(-1)?.startTime ?? -1) > after,
			{ m, after },
			{ timeout: 120_000 }
		);
		return (await last(m))!;
	};
	// BENCH_SHIFT_TRACE=1: every page load's IndexedDB transactions (page and worker) and long tasks are recorded, and
	// the slowest load's are printed around its read (bench/idb-trace.ts) and kept in artifacts/bench/shift-trace.json.
	const tracing = process.env.BENCH_SHIFT_TRACE === '1';
	if (tracing) await traceIdb(page);
	let slowestTrace: { ms: number; lines: string[]; trace: unknown } | null = null;
	const cold: number[] = [];
	// When each page load's totals were there, from the navigation's start (the page's time origin): the read's own time
	// starts when the screen has its shift, and a read that starts later in a quieter page measures less.
	const shown: number[] = [];
	const again: number[] = [];
	let detail: { read: number; orders: number; split?: string; slowest?: string } = { read: 0, orders: 0 };
	let slowest = -1;
	// The screen's first open of this shift on this device, timed on its own: since the sixth pass it builds the shift's
	// stored summary (db/shift-summary.ts) from the shift's days, once; the opens after it read that summary back.
	await page.goto(`${url}/shift`);
	const firstOpen = await next(SHIFT_ORDERS_MEASURE, -1);
	// Let its summary's write land before the next page load.
	await new Promise((resolve) => setTimeout(resolve, 1_000));
	for (let r = 0; r < size(10, 2); r++) {
		await page.goto(`${url}/shift`);
		const read = await next(SHIFT_ORDERS_MEASURE, -1);
		cold.push(read.ms);
		shown.push(read.startTime + read.ms);
		// Where the last open's time went, when the read says (the stored summary's read, its parse, the orders since).
		const split = read.detail.ms ? Object.values(read.detail.ms).join(' / ') : undefined;
		// And the slowest load's, with its time: where the p95's sample went.
		if (read.ms > slowest) {
			slowest = read.ms;
			detail.slowest = `${Math.round(read.ms * 10) / 10} ms: ${split ?? '?'}`;
		}
		detail = { ...detail, read: read.detail.read ?? 0, orders: read.detail.orders, split };
		if (tracing) {
			// The measure's window on the epoch clock: the page's own origin.
			const origin = await page.evaluate(() => performance.timeOrigin);
			const trace = await collectTrace(page);
			const lines = layOut(trace, origin + read.startTime, origin + read.startTime + read.ms);
			const by = (w: string) => trace.rows.filter((x) => x.w === w).length;
			console.log(
				`shift load ${r}: ${read.ms.toFixed(1)} ms (${split ?? '?'}); traced: page ${by('page')}, worker ${by('worker')}, long tasks ${by('longtask')}`
			);
			if (!slowestTrace || read.ms > slowestTrace.ms) slowestTrace = { ms: read.ms, lines, trace };
		}
	}
	if (slowestTrace) {
		console.log(`slowest shift load ${slowestTrace.ms.toFixed(1)} ms; ms from its read's start:`);
		for (const l of slowestTrace.lines) console.log(`  ${l}`);
		keepTrace('shift-trace', slowestTrace);
	}
	for (let r = 0; r < reps; r++) {
		// Let the screen's work for the last write end first: one recompute per run.
		await new Promise((resolve) => setTimeout(resolve, 300));
		const after = (await last(SHIFT_TOTALS_MEASURE))?.startTime ?? -1;
		await page.evaluate(
			async ({ d, id }) => {
				const doc = await (
					await window.__kasir!.database()
				).orders
					.findOne({ selector: { business_date: d, shift_id: id, status: 'paid' } })
					.exec();
				await doc?.incrementalModify((o) => ({ ...o, updated_at: new Date().toISOString() }));
			},
			{ d: today, id: BENCH_SHIFT }
		);
		again.push((await next(SHIFT_TOTALS_MEASURE, after)).ms);
	}
	const figure = (name: string, ms: number[], extra: Record<string, string | number> = {}): Figure => ({
		measure: `shift screen: the open shift's orders (two business days), ${name}, p95 over ${ms.length}, ${held} orders held`,
		kasir: percentile(ms, 95),
		floor: null,
		unit: 'ms',
		detail: {
			median_ms: median(ms),
			rows: detail.read,
			shift_orders: detail.orders,
			...(detail.split ? { last_split_ms: detail.split } : {}),
			...(detail.slowest ? { slowest_load: detail.slowest } : {}),
			...extra,
			index_covered: 'yes',
			goal_ms: 50,
			where: 'managers/shift.svelte.ts, services/shift.service.ts → db/shift-orders.ts'
		}
	});
	return [
		figure("first open: the screen's first read of the shift on this device", [firstOpen.ms]),
		figure('cold: the read as the screen opens on a page load', cold, {
			shown_from_navigation_median_ms: Math.round(median(shown) * 10) / 10,
			shown_from_navigation_max_ms: Math.round(Math.max(...shown) * 10) / 10
		}),
		figure("again: one of the shift's orders written, to the screen's new totals", again)
	];
}

export async function benchOrders(): Promise<void> {
	const n = Number(process.env.BENCH_ORDERS ?? size(100_000, 300));
	const reps = size(20, 2);
	const { server, browser, close } = await benchRig();
	const figures: Figure[] = [];
	try {
		// Tracing (BENCH_SHIFT_TRACE=1, BENCH_ORDERS_TRACE=1) routes the worker's script, which the service worker would
		// answer unseen.
		const tracing = process.env.BENCH_SHIFT_TRACE === '1' || process.env.BENCH_ORDERS_TRACE === '1';
		const ctx = await browser.newContext({
			viewport: { width: 1280, height: 800 },
			...(tracing ? { serviceWorkers: 'block' as const } : {})
		});
		const page = await ctx.newPage();
		if (process.env.BENCH_ORDERS_TRACE === '1') await traceIdb(page);
		await setupThroughWizard(page, server.url);
		const outlet = await page.evaluate(async (code) => {
			const s = (
				await (await window.__kasir!.database()).stores.findOne({ selector: { code } }).exec()
			)?.toJSON();
			return { id: s?.id ?? '', timezone: s?.timezone ?? '', config: s?.config ?? {} };
		}, DEMO.outletCode);
		const outletId = outlet.id;
		// The app's business day (the outlet's time zone and day start), which the orders screen shows.
		const today = businessDate(new Date(), outlet.timezone || 'Asia/Jakarta', dayStartOf(outlet.config));
		const insertMs = await insertOrders(page, outletId, n, today);
		const held = await page.evaluate(async () => (await window.__kasir!.database()).orders.count().exec());
		// BENCH_ORDERS_ONLY: a comma list of 'shift' (the shift screen's figures and the raw probe of its days), 'screen'
		// (the orders screen's own first page and paid total) and 'reads' (its reads alone), each after the same 100k-order
		// insert.
		const only = process.env.BENCH_ORDERS_ONLY ? new Set(process.env.BENCH_ORDERS_ONLY.split(',')) : null;
		// 'reports' (the reports' figures): they leave a stored partial per day in `meta`, as the full run does before the
		// shift figures, and a page load's walk of every meta document (a `$regex`) reads them all.
		const wants = (what: 'shift' | 'screen' | 'reports') => !only || only.has(what);
		const run = probes(today).filter((p) => !only || (only.has('shift') && p.where === 'db/shift-orders.ts'));
		for (const t of await timeProbes(page, run, reps)) {
			figures.push({
				measure: `${t.name}, p95 over ${t.ms.length}, ${held} orders held`,
				kasir: percentile(t.ms, 95),
				floor: null,
				unit: 'ms',
				detail: {
					median_ms: median(t.ms),
					rows: t.rows,
					index_covered: t.covered ? 'yes' : 'no',
					goal_ms: 50,
					where: t.where,
					insert_ms: insertMs
				}
			});
		}
		// Alone, these figures would start seconds after the insert (the full run reaches them minutes later): its last
		// writes would sit inside the stored summaries' commit margin (db/reports.ts COMMIT_MARGIN_MS) and be read again.
		if (only) await new Promise((resolve) => setTimeout(resolve, 11_000));
		if (!only || only.has('reads')) figures.push(...(await directReadFigures(page, today, reps, held)));
		if (wants('screen')) figures.push(...(await screenFigures(page, reps, held)));
		if (wants('reports')) figures.push(...(await timeReports(page, server.url, today, reps, held)));
		// Last: once open, the shift screen reads the shift's orders at every write of an order (the reports' too).
		if (wants('shift')) figures.push(...(await shiftFigures(page, server.url, today, reps, held)));
		await ctx.close();
	} finally {
		await close();
	}
	report('orders', figures);
}
