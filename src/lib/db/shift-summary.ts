// Why: the shift screen opened on a page load read the shift's two busy days (~2,000 full orders) on the UI thread, since
// no index holds a shift's orders. Each of the shift's orders is kept instead as its contribution to the totals (a few
// numbers, domain/shift.ts) in one `meta` document per shift, with the write time up to which it holds every order, as
// the reports' day partials are: opening the screen reads that document and the orders written since (RxDB's own
// [_meta.lwt+local_id] index, usually a few), and then follows the orders' change events. No orders schema change.
import { getHeightOfRevision, now as rxNow, type RxChangeEvent } from 'rxdb';
import { addDays } from '../domain/business-day';
import {
	addContributions,
	shiftContribution,
	type ShiftContribution,
	type ShiftCore,
	type ShiftTotals
} from '../domain/shift';
import type { KasirDatabase } from './database';
import { counterKey } from './meta';
import { COMMIT_MARGIN_MS, readChangedSince, REPORT_EPOCH_COUNTER } from './reports';
import { daysOf, readShiftDays, SHIFT_ORDERS_MEASURE } from './shift-orders';
import type { OrderDoc, ShiftDoc } from './types';

/** Where a shift's kept contributions live in `meta`. */
export const shiftSummaryKey = (shiftId: string) => `shift-orders:${shiftId}`;

/**
 * Orders read since the stored summary after which it is written again with a new stamp even if none was the shift's
 * (so the next open reads changes from there): below it, reading them again costs less than the write.
 */
export const SUMMARY_RESTAMP_AFTER = 64;

/** One of the shift's orders as kept: its revision, business day and contribution (`null`: no longer the shift's). */
export type SummaryRow = { rev: number; date: string; c: ShiftContribution | null };

/** An entry of the stored document: [local_id, revision, business_date, status, total, discount, payments, refunds]. */
type StoredEntry = [
	string,
	number,
	string,
	string,
	number,
	number,
	ShiftContribution['pay'],
	ShiftContribution['ref']
];

/**
 * The stored summary: every order of the shift over `from`..`to` and every one written since (any day) as of `seen`
 * (a write time), in the eviction epoch it was made in; `entries` is a JSON list of StoredEntry (one string: read back
 * in one copy, parsed in a millisecond or two).
 */
export type ShiftSummaryDoc = {
	shift: string;
	from: string;
	to: string;
	seen: number;
	epoch: number;
	entries: string;
};

/** What one open read, for the bench and tests. */
export type SummaryStats = {
	/** 'stored': from the stored summary; 'built': from the shift's days (no usable summary). */
	source: 'stored' | 'built';
	/** Orders read through the write-time index since the stored summary. */
	changed: number;
	/** Orders read from the shift's days (a build, or days after the stored `to`). */
	days_read: number;
	/** The shift's orders held after the read. */
	orders: number;
};

function isSummaryDoc(v: unknown): v is ShiftSummaryDoc {
	if (typeof v !== 'object' || v === null) return false;
	const d = v as Partial<ShiftSummaryDoc>;
	return (
		typeof d.shift === 'string' &&
		typeof d.from === 'string' &&
		typeof d.to === 'string' &&
		typeof d.seen === 'number' &&
		typeof d.epoch === 'number' &&
		typeof d.entries === 'string'
	);
}

const revisionOf = (o: OrderDoc): number =>
	'_rev' in o && typeof o._rev === 'string' ? getHeightOfRevision(o._rev) : 0;

/** The row of a stored order (deleted or another shift's: a row without contribution). */
export function rowOf(shiftId: string, o: OrderDoc, rev: number, deleted: boolean): SummaryRow {
	return {
		rev,
		date: o.business_date,
		c: !deleted && o.shift_id === shiftId ? shiftContribution(shiftId, o) : null
	};
}

function encode(rows: ReadonlyMap<string, SummaryRow>): string {
	const out: StoredEntry[] = [];
	for (const [id, r] of rows) {
		const c = r.c;
		if (c) out.push([id, r.rev, r.date, c.status, c.total, c.discount, c.pay, c.ref]);
	}
	return JSON.stringify(out);
}

function decode(entries: string): Map<string, SummaryRow> {
	const rows = new Map<string, SummaryRow>();
	for (const [id, rev, date, status, total, discount, pay, ref] of JSON.parse(entries) as StoredEntry[])
		rows.set(id, { rev, date, c: { own: true, status, total, discount, pay, ref } });
	return rows;
}

/**
 * The shift's totals over the rows of `from`..`to`, folded in (business_date, local_id) order: the order the orders
 * were read in before, so even the per-method maps' key order is the same as shiftTotals over those orders.
 */
export function totalsOfRows(
	shift: ShiftCore,
	rows: ReadonlyMap<string, SummaryRow>,
	from: string,
	to: string
): ShiftTotals {
	const kept: [string, SummaryRow][] = [];
	for (const e of rows) if (e[1].c && e[1].date >= from && e[1].date <= to) kept.push(e);
	kept.sort(([a, x], [b, y]) =>
		x.date !== y.date ? (x.date < y.date ? -1 : 1) : a < b ? -1 : a > b ? 1 : 0
	);
	return addContributions(
		shift,
		kept.map(([, r]) => r.c!)
	);
}

/** A row wins over the held one when it is of a later revision (or the same: a store read is the truth). */
function put(rows: Map<string, SummaryRow>, id: string, row: SummaryRow): boolean {
	const held = rows.get(id);
	if (held && held.rev > row.rev) return false;
	rows.set(id, row);
	return !!held?.c || !!row.c;
}

/**
 * The shift's rows as the screen opens: the stored summary and the orders written since (or, with none usable, the
 * shift's days read once), and `persist`, which stores them with the new stamp when anything was taken in. Measured
 * as `kasir:shift-orders` (the bench's "read as the screen opens"), up to the rows, before the write.
 */
export async function loadShiftSummary(
	db: KasirDatabase,
	shift: ShiftDoc,
	from: string,
	to: string,
	opts: { commitMarginMs?: number } = {}
): Promise<{ rows: Map<string, SummaryRow>; stats: SummaryStats; persist: () => Promise<void> }> {
	const start = performance.now();
	// Taken before anything is read: what is read below holds every write stamped before this. On RxDB's own clock,
	// the one `_meta.lwt` is stamped with: it runs a few hundredths of a millisecond ahead of `Date.now()` within a busy
	// millisecond, so a write stamped in this very millisecond is not taken for one made after the read.
	const stamp = rxNow() - (opts.commitMarginMs ?? COMMIT_MARGIN_MS);
	const key = shiftSummaryKey(shift.local_id);
	const epochKey = counterKey(REPORT_EPOCH_COUNTER);
	const found = await db.meta.findByIds([epochKey, key]).exec();
	const epochValue: unknown = found.get(epochKey)?.toJSON().value;
	const epoch = typeof epochValue === 'number' ? epochValue : 0;
	const v: unknown = found.get(key)?.toJSON().value;
	const tRead = performance.now();
	const stored =
		isSummaryDoc(v) && v.shift === shift.local_id && v.from === from && v.epoch === epoch ? v : null;

	const stats: SummaryStats = { source: stored ? 'stored' : 'built', changed: 0, days_read: 0, orders: 0 };
	let rows: Map<string, SummaryRow>;
	let dirty = !stored;
	let heldTo = stored ? stored.to : to;
	let tDecoded = tRead;
	if (stored) {
		rows = decode(stored.entries);
		tDecoded = performance.now();
		const changed = await readChangedSince(db, stored.seen);
		stats.changed = changed.docs.length;
		for (const o of changed.docs)
			if (put(rows, o.local_id, rowOf(shift.local_id, o, revisionOf(o), o._deleted))) dirty = true;
		if (stats.changed >= SUMMARY_RESTAMP_AFTER) dirty = true;
		if (stored.to < to) {
			// Days the summary was not made over (the shift ran past midnight since): read once, then held.
			const extra = await readShiftDays(db, shift.local_id, addDays(stored.to, 1), to, false);
			stats.days_read = extra.length;
			for (const o of extra) put(rows, o.local_id, rowOf(shift.local_id, o, revisionOf(o), false));
			dirty = true;
		}
		if (stored.to > to) heldTo = stored.to;
	} else {
		const read = await readShiftDays(db, shift.local_id, from, to, false);
		stats.days_read = read.length;
		rows = new Map();
		for (const o of read) rows.set(o.local_id, rowOf(shift.local_id, o, revisionOf(o), false));
	}
	for (const r of rows.values()) if (r.c && r.date >= from && r.date <= to) stats.orders++;
	const end = performance.now();
	const ms = (a: number, b: number) => Math.round((b - a) * 10) / 10;
	// The shift screen reads as it opens: the timeline keeps the last read only.
	performance.clearMeasures(SHIFT_ORDERS_MEASURE);
	performance.measure(SHIFT_ORDERS_MEASURE, {
		start,
		end,
		detail: {
			from,
			to,
			read: stats.days_read + stats.changed,
			orders: stats.orders,
			source: stats.source,
			// Where the time went: the stored document's read, its entries' parse, the orders read since (or the days).
			ms: { summary: ms(start, tRead), decode: ms(tRead, tDecoded), orders: ms(tDecoded, end) }
		}
	});
	const value: ShiftSummaryDoc | null = dirty
		? { shift: shift.local_id, from, to: heldTo, seen: stamp, epoch, entries: encode(rows) }
		: null;
	const persist = async () => {
		// Idempotent and safe with two tabs: each document is exact up to its own stamp, so whichever lands last is right
		// (at worst it makes the next open read more changes).
		if (value) await db.meta.upsert({ key, value, updated_at: new Date().toISOString() });
	};
	return { rows, stats, persist };
}

/**
 * A shift's totals kept live for the shift screen: the stored summary read as it opens (`loadShiftSummary`), then kept
 * from the orders collection's change events (`take`), which carry each written order whole: a sale, void or refund of
 * the shift costs no read. An event older than what is held (another realm's write delivered late) is ignored by
 * revision; events delivered while the summary is being read are taken after the read, in order.
 */
export class LiveShiftSummary {
	readonly #db: KasirDatabase;
	#key = '';
	#shift = '';
	#from = '';
	#to = '';
	#rows = new Map<string, SummaryRow>();
	/** Events delivered during the read; `null` when none is under way. */
	#buffer: RxChangeEvent<OrderDoc>[] | null = null;
	#loading: Promise<void> | null = null;
	#writing: Promise<void> = Promise.resolve();
	/** What the last read found (tests, diagnostics). */
	stats: SummaryStats | null = null;

	readonly #opts: { commitMarginMs?: number };

	constructor(db: KasirDatabase, opts: { commitMarginMs?: number } = {}) {
		this.#db = db;
		this.#opts = opts;
	}

	/** The shift's totals over its orders of its days; the summary is read only when the shift or its days change. */
	async totals(shift: ShiftDoc, lastDate: string): Promise<ShiftTotals> {
		const { key, from, to } = daysOf(shift, lastDate);
		while (this.#key !== key || this.#loading) {
			if (this.#key === key && this.#loading) {
				await this.#loading;
				continue;
			}
			this.#key = key;
			this.#shift = shift.local_id;
			this.#from = from;
			this.#to = to;
			this.#buffer = [];
			const loading = (async () => {
				const read = await loadShiftSummary(this.#db, shift, from, to, this.#opts);
				if (this.#key !== key) return;
				this.#rows = read.rows;
				this.stats = read.stats;
				// Not waited for: the totals are shown first.
				this.#writing = read.persist().catch(() => undefined);
				const buffered = this.#buffer ?? [];
				this.#buffer = null;
				for (const e of buffered) this.#apply(e);
			})();
			this.#loading = loading;
			try {
				await loading;
			} finally {
				if (this.#loading === loading) this.#loading = null;
			}
		}
		return totalsOfRows(shift, this.#rows, this.#from, this.#to);
	}

	/** The last read's write of the summary (tests). */
	settled(): Promise<void> {
		return this.#writing;
	}

	/**
	 * Takes a change event of the orders collection: `'changed'` when the shift's totals may have changed, `'same'` when
	 * not, and `'stale'` when the shift or its days are not the ones held (read them again through `totals`).
	 */
	take(e: RxChangeEvent<OrderDoc>, shift: ShiftDoc, lastDate: string): 'changed' | 'same' | 'stale' {
		if (daysOf(shift, lastDate).key !== this.#key) return 'stale';
		if (this.#buffer) {
			this.#buffer.push(e);
			return 'same';
		}
		return this.#apply(e) ? 'changed' : 'same';
	}

	#apply(e: RxChangeEvent<OrderDoc>): boolean {
		const d = e.documentData;
		const rev = getHeightOfRevision(d._rev);
		const held = this.#rows.get(e.documentId);
		if (held && held.rev >= rev) return false;
		const row = rowOf(this.#shift, d, rev, e.operation === 'DELETE' || !!d._deleted);
		// Kept even when not the shift's: a late event of an older revision must not bring the order back.
		this.#rows.set(e.documentId, row);
		const inDays = (r: SummaryRow | undefined) => !!r?.c && r.date >= this.#from && r.date <= this.#to;
		return inDays(row) || inDays(held);
	}
}
