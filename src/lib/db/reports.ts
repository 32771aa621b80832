// Why: a report over a month must not read 30,000 orders each time, nor today's 1,000 after each sale. A business day is
// folded once into a partial kept in `meta` (no collection left for it), and before a partial is used the orders
// written since it was folded are read through RxDB's own [_meta.lwt+local_id] index (usually a few): a new order is
// added to it, and one it holds at another revision (refund, void, edit, deletion) is taken in from the contributions
// the partial keeps per counted order (domain/report-day.ts), without reading the day's orders.
// Writers that bypass collection hooks (bulk storage writes) still stamp _meta.lwt and _rev, so a stored partial never
// goes stale; the tombstones an eviction purges at once are covered by an epoch counter.
import {
	getHeightOfRevision,
	normalizeMangoQuery,
	now as rxNow,
	prepareQuery,
	type MangoQuery,
	type RxDocumentData
} from 'rxdb';
import { datesBetween } from '../domain/business-day';
import {
	addPartialToReport,
	dayPartial,
	sameTimeZone,
	updateDay,
	type DayChange,
	type DayPartial
} from '../domain/report-day';
import { finishReport, startReport, type ReportOrder, type SalesReport } from '../domain/report';
import type { OutletTimeZone } from '../domain/time';
import type { KasirDatabase } from './database';
import type { OrderDoc } from './types';
import { readCovered, readWrittenSince } from './covered-read';
import { counterKey, nextCounter, reportDayKey } from './meta';

/** Left by the reports screen when a report's day partials are stored (after its figures); detail: how many, the write's ms. */
export const REPORT_STORED_MEASURE = 'kasir:report-stored';

/** At most a year per report. */
export const MAX_REPORT_DAYS = 366;

/** The counter bumped by whatever purges order tombstones (worker/storage/evict.ts): stored partials of an older epoch are refolded. */
export const REPORT_EPOCH_COUNTER = 'report-days:epoch';

/**
 * How long a write may sit between RxDB stamping its `_meta.lwt` and its IndexedDB transaction being queued. A partial
 * claims to hold every order written up to the moment it was folded minus this, so a write of another tab or the
 * worker that was stamped just before the fold but committed just after it is still read as a change.
 */
export const COMMIT_MARGIN_MS = 10_000;

/**
 * Changes read since the oldest partial used after which the partials they did not touch are re-stamped (rewritten so
 * the next report reads changes from now): below it, reading them again next time costs less than the rewrite.
 */
export const RESTAMP_AFTER_CHANGES = 64;

/** A stored day: its partial, the write time up to which it holds every order, and the eviction epoch it was folded in. */
export type ReportDayDoc = { seen: number; epoch: number; partial: DayPartial };

/** What a report read, for the bench and diagnostics. */
export type ReportStats = {
	days: number;
	/** Days taken from stored partials. */
	from_summaries: number;
	/** Days folded from their orders (missing or stale partials, days after today). */
	folded: number;
	/**
	 * Partials to store (new, refolded, or re-stamped after reading changes): handed to the write that follows the
	 * figures (`written` resolves with how many were stored).
	 */
	stored: number;
	/** Orders read through the write-time index since the oldest partial used. */
	changed: number;
	/** Of those, orders added to their day's stored partial (new sales), without reading the day. */
	added: number;
	/** Of those, orders a stored partial held that were rewritten (refunds, voids, edits, deletions), taken in without reading the day. */
	rewritten: number;
	orders_read: number;
	/** RxDB's planner: every query's selector is held by one index. */
	index_covered: boolean;
	/**
	 * Where the time went (ms): reading the stored partials, the changes since, folding days (reads included), and the
	 * write after the figures (from its start to the partials stored; known once `written` resolves).
	 */
	ms: { partials: number; changes: number; fold: number; write: number };
};

/**
 * A stored order's revision as a partial holds it: RxDB's height, raised by every write of the document (0 when the
 * read did not carry it: such an order, if rewritten, makes its day fold again, never a wrong sum).
 */
export const revisionOf = (o: ReportOrder): number =>
	'_rev' in o && typeof o._rev === 'string' ? getHeightOfRevision(o._rev) : 0;

/** A stored day of this version (partials stored before they kept their counted orders' contributions are folded again). */
export function isDayDoc(v: unknown, date: string): v is ReportDayDoc {
	if (typeof v !== 'object' || v === null) return false;
	const d = v as Partial<ReportDayDoc>;
	return (
		typeof d.seen === 'number' &&
		typeof d.epoch === 'number' &&
		d.partial?.date === date &&
		(typeof d.partial.counted === 'string' || d.partial.counted === null) &&
		Array.isArray(d.partial.names) &&
		typeof d.partial.methods_first === 'object'
	);
}

/** Days folded per read transaction: a cold year is read a week at a time, never held at once. */
const FOLD_BATCH_DAYS = 7;

/**
 * Days' orders straight from the storage, one `getAll` of its [business_date, created_at] index range each, all in
 * one read transaction (readCovered; RxDB's own query, a cursor step per order, is 3-5× slower for a day of 1,000).
 */
export async function readDays(
	db: KasirDatabase,
	dates: readonly string[]
): Promise<{ days: Map<string, OrderDoc[]>; covered: boolean }> {
	const queries = dates.map((date): MangoQuery<OrderDoc> => ({
		selector: { business_date: date },
		sort: [{ business_date: 'asc' }, { created_at: 'asc' }, { local_id: 'asc' }],
		// IndexedDB's largest count: every order of the day.
		limit: 2 ** 32 - 1
	}));
	const covered = queries.every(
		(q) => db.orders.find(q).getPreparedQuery().queryPlan.selectorSatisfiedByIndex
	);
	const read = await readCovered(db.orders, queries);
	return { days: new Map(dates.map((d, i) => [d, read[i] ?? []])), covered };
}

/**
 * The orders written at or after `lwt` (deleted ones too), through RxDB's own [_meta.lwt+local_id] index: one range
 * from `lwt` on, usually empty, read in one `getAll` (covered-read.ts `readWrittenSince`; the storage query elsewhere).
 * (RxDB's getChangedDocumentsSince pages with an $or the planner does not count as covered; one range is, and what it
 * returns is what would have to be folded anyway.) The reports and the shift screen's summary (shift-summary.ts) read it.
 */
export async function readChangedSince(
	db: KasirDatabase,
	lwt: number
): Promise<{ docs: RxDocumentData<OrderDoc>[]; covered: boolean }> {
	const storage = db.orders.storageInstance;
	const q = prepareQuery(
		storage.schema,
		normalizeMangoQuery<RxDocumentData<OrderDoc>>(storage.schema, {
			selector: { '_meta.lwt': { $gte: lwt } },
			sort: [{ '_meta.lwt': 'asc' }, { local_id: 'asc' }]
		})
	);
	const covered = q.queryPlan.selectorSatisfiedByIndex;
	const direct = await readWrittenSince(db.orders, lwt);
	if (direct) return { docs: direct, covered };
	const res = await storage.query(q);
	return { docs: res.documents, covered };
}

type DayWrite = { key: string; value: ReportDayDoc; updated_at: string };

/** Per database, the last partials' write queued: one write at a time, in the order the reports were built. */
const writing = new WeakMap<KasirDatabase, Promise<unknown>>();

/**
 * Stores partials after the report that folded them has returned its figures: queued behind the previous write (one at
 * a time), started on a later task so the caller shows the figures first. Each partial is exact up to its own stamp,
 * so a write that never lands (a crash, the tab closed) costs the next report a longer changes read, never a wrong sum.
 */
function storeLater(db: KasirDatabase, writes: DayWrite[]): Promise<number> {
	const run = async () => {
		await new Promise((resolve) => setTimeout(resolve, 0));
		if (db.closed) return 0;
		return (await db.meta.bulkUpsert(writes)).success.length;
	};
	const next = (writing.get(db) ?? Promise.resolve()).then(run);
	writing.set(
		db,
		next.catch(() => undefined)
	);
	return next;
}

/**
 * The sales report of `from`..`to` in the outlet's zone: business days up to `today` from their stored partials
 * (folded and stored on first use, new orders added, folded again when an order they hold was written since), later
 * days from their orders. Equal to folding every order of the range, whatever was written meanwhile and by whom.
 */
export async function buildSalesReport(
	db: KasirDatabase,
	from: string,
	to: string,
	timeZone: OutletTimeZone,
	today: string,
	opts: { commitMarginMs?: number } = {}
): Promise<{ report: SalesReport; stats: ReportStats; written: Promise<number> }> {
	const days = datesBetween(from, to, MAX_REPORT_DAYS);
	// Today too: while it sells, each report adds its new orders to it; once it is quiet (the reports screen opens on
	// today) it is read back like any other day. Later days are never stored.
	const kept = days.filter((d) => d <= today);
	const stats: ReportStats = {
		days: days.length,
		from_summaries: 0,
		folded: 0,
		stored: 0,
		changed: 0,
		added: 0,
		rewritten: 0,
		orders_read: 0,
		index_covered: true,
		ms: { partials: 0, changes: 0, fold: 0, write: 0 }
	};
	let t = performance.now();
	const lap = (k: keyof ReportStats['ms']) => {
		const n = performance.now();
		stats.ms[k] += Math.round((n - t) * 10) / 10;
		t = n;
	};
	// Taken before anything is read: what is folded below holds every write stamped before this. On RxDB's clock, the
	// one `_meta.lwt` is stamped with (as the shift summary's, src/lib/db/shift-summary.ts).
	const stamp = rxNow() - (opts.commitMarginMs ?? COMMIT_MARGIN_MS);
	const epochKey = counterKey(REPORT_EPOCH_COUNTER);
	// The epoch and the partials in one read.
	const found = await db.meta.findByIds([epochKey, ...kept.map(reportDayKey)]).exec();
	const epochValue: unknown = found.get(epochKey)?.toJSON().value;
	const epoch = typeof epochValue === 'number' ? epochValue : 0;

	const usable = new Map<string, ReportDayDoc>();
	for (const date of kept) {
		const v: unknown = found.get(reportDayKey(date))?.toJSON().value;
		if (isDayDoc(v, date) && v.epoch === epoch && sameTimeZone(v.partial.time_zone, timeZone))
			usable.set(date, v);
	}
	lap('partials');
	// Per stored day, the orders written since its partial was folded (as they are now).
	const changes = new Map<string, DayChange[]>();
	if (usable.size) {
		const since = Math.min(...[...usable.values()].map((d) => d.seen));
		const r = await readChangedSince(db, since);
		for (const o of r.docs) {
			const day = usable.get(o.business_date);
			if (!day || o._meta.lwt < day.seen) continue;
			const list = changes.get(o.business_date) ?? [];
			list.push({ order: o, revision: revisionOf(o), deleted: o._deleted });
			changes.set(o.business_date, list);
		}
		stats.changed = r.docs.length;
		stats.index_covered &&= r.covered;
	}
	lap('changes');

	const acc = startReport(from, to, timeZone);
	const writes: DayWrite[] = [];
	const at = new Date().toISOString();
	const keep = (date: string, partial: DayPartial) =>
		writes.push({ key: reportDayKey(date), value: { seen: stamp, epoch, partial }, updated_at: at });
	const partials = new Map<string, DayPartial>();
	for (const date of days) {
		const stored = usable.get(date);
		const dayChanges = changes.get(date);
		const update = stored && dayChanges ? updateDay(stored.partial, dayChanges) : null;
		const partial = update ? update.partial : dayChanges ? null : stored?.partial;
		if (!stored || !partial) continue;
		partials.set(date, partial);
		stats.from_summaries++;
		if (update && partial !== stored.partial) {
			stats.added += update.added;
			stats.rewritten += update.rewritten;
			keep(date, partial);
		} else if (stats.changed >= RESTAMP_AFTER_CHANGES) {
			// Changes were read up to now and none was new to this day: it holds everything up to the new stamp too, so
			// the next report reads changes from there (not again from the oldest stamp).
			keep(date, partial);
		}
	}
	// The days to fold, read a batch at a time as the report reaches them (date order: the payment methods' order).
	const toFold = days.filter((d) => !partials.has(d));
	let read = new Map<string, OrderDoc[]>();
	for (const date of days) {
		const partial = partials.get(date);
		if (partial) {
			addPartialToReport(acc, partial);
			continue;
		}
		if (!read.has(date)) {
			const i = toFold.indexOf(date);
			const r = await readDays(db, toFold.slice(i, i + FOLD_BATCH_DAYS));
			read = r.days;
			stats.index_covered &&= r.covered;
		}
		const orders = read.get(date) ?? [];
		stats.folded++;
		stats.orders_read += orders.length;
		// Days after today are folded the same way, never stored.
		const folded = dayPartial(orders, date, timeZone, revisionOf);
		addPartialToReport(acc, folded);
		if (date <= today) keep(date, folded);
	}
	lap('fold');
	const report = finishReport(acc);
	// The figures do not wait for the write (a day's partial is ~75 KB). Each partial carries its own stamp, so whichever
	// tab or worker writes a day last leaves a partial that is exact up to its own stamp: a write lost to a concurrent
	// one is at worst folded again.
	stats.stored = writes.length;
	const queued = performance.now();
	const written = writes.length
		? storeLater(db, writes).then((n) => {
				stats.ms.write = Math.round((performance.now() - queued) * 10) / 10;
				return n;
			})
		: Promise.resolve(0);
	return { report, stats, written };
}

/** The report alone (see buildSalesReport). */
export async function loadSalesReport(
	db: KasirDatabase,
	from: string,
	to: string,
	timeZone: OutletTimeZone,
	today: string
): Promise<SalesReport> {
	const { report, written } = await buildSalesReport(db, from, to, timeZone, today);
	await written;
	return report;
}

/** Whatever purges order tombstones calls this first: stored partials then fold again (a purge leaves no change to read). */
export async function invalidateReportDays(db: KasirDatabase): Promise<void> {
	await nextCounter(db, REPORT_EPOCH_COUNTER);
}
