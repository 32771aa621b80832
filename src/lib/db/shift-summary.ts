// Why: the shift screen opened on a page load read the shift's two busy days (~2,000 full orders) on the UI thread, since
// no index holds a shift's orders. Each of the shift's orders is kept instead as its contribution to the totals (a few
// numbers, domain/shift.ts) in one `meta` document per shift, with the write time up to which it holds every order, as
// the reports' day partials are: opening the screen reads that document and the orders written since (RxDB's own
// [_meta.lwt+local_id] index, usually a few), and then follows the orders' change events. No orders schema change.
// The document holds the folded totals and a count; the per-order entries (~80 bytes an order) sit in a second document
// read only when an order of the shift's days was written since (or when a change event needs them).
import { getHeightOfRevision, now as rxNow, type RxChangeEvent } from 'rxdb';
import { addDays } from '../domain/business-day';
import {
	foldContributions,
	shiftContribution,
	withShiftCash,
	type ShiftContribution,
	type ShiftCore,
	type ShiftOrderTotals,
	type ShiftTotals
} from '../domain/shift';
import type { KasirDatabase } from './database';
import { counterKey, getMetaValues } from './meta';
import { COMMIT_MARGIN_MS, readChangedSince, REPORT_EPOCH_COUNTER, revisionOf } from './reports';
import { daysOf, readShiftDays, SHIFT_ORDERS_MEASURE } from './shift-orders';
import type { OrderDoc, ShiftDoc } from './types';

/** Where a shift's summary lives in `meta` (the folded totals; the entries in `shiftEntriesKey`). */
export const shiftSummaryKey = (shiftId: string) => `shift-orders:${shiftId}`;
/** Where a shift's kept contributions live in `meta`, beside its summary. */
export const shiftEntriesKey = (shiftId: string) => `shift-orders:${shiftId}:entries`;

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
 * (a write time), in the eviction epoch it was made in. `folded`: the orders' part of the totals over `from`..`to`
 * (folded in the order a read gives, so the per-method maps' keys are in the same order), `orders`: how many of the
 * shift's orders that is. The entries are in their own document (`ShiftEntriesDoc`) with the same `tag`: a summary
 * whose entries document carries another tag (two writers' halves) is built again.
 */
export type ShiftSummaryDoc = {
	shift: string;
	from: string;
	to: string;
	seen: number;
	epoch: number;
	tag: string;
	orders: number;
	folded: ShiftOrderTotals;
};

/** The per-order entries of a summary: a JSON list of StoredEntry (one string: read back in one copy). */
export type ShiftEntriesDoc = { tag: string; entries: string };

/** What one open read, for the bench and tests. */
export type SummaryStats = {
	/** 'stored': from the stored summary; 'built': from the shift's days (no usable summary). */
	source: 'stored' | 'built';
	/** The per-order entries were read (an order of the shift's days written since, or a build). */
	entries: boolean;
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
		typeof d.tag === 'string' &&
		typeof d.orders === 'number' &&
		typeof d.folded === 'object' &&
		d.folded !== null
	);
}

function isEntriesDoc(v: unknown): v is ShiftEntriesDoc {
	if (typeof v !== 'object' || v === null) return false;
	const d = v as Partial<ShiftEntriesDoc>;
	return typeof d.tag === 'string' && typeof d.entries === 'string';
}

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
 * The orders' part of the shift's totals over the rows of `from`..`to`, folded in (business_date, local_id) order: the
 * order the orders were read in before, so even the per-method maps' key order is the same as shiftTotals over them.
 */
export function foldedOfRows(
	rows: ReadonlyMap<string, SummaryRow>,
	from: string,
	to: string
): ShiftOrderTotals {
	const kept: [string, SummaryRow][] = [];
	for (const e of rows) if (e[1].c && e[1].date >= from && e[1].date <= to) kept.push(e);
	kept.sort(([a, x], [b, y]) =>
		x.date !== y.date ? (x.date < y.date ? -1 : 1) : a < b ? -1 : a > b ? 1 : 0
	);
	return foldContributions(kept.map(([, r]) => r.c!));
}

/** The shift's totals over the rows of `from`..`to` (see foldedOfRows). */
export function totalsOfRows(
	shift: ShiftCore,
	rows: ReadonlyMap<string, SummaryRow>,
	from: string,
	to: string
): ShiftTotals {
	return withShiftCash(shift, foldedOfRows(rows, from, to));
}

/** A row wins over the held one when it is of a later revision (or the same: a store read is the truth). */
function put(rows: Map<string, SummaryRow>, id: string, row: SummaryRow): boolean {
	const held = rows.get(id);
	if (held && held.rev > row.rev) return false;
	rows.set(id, row);
	return !!held?.c || !!row.c;
}

/** What an open read: the rows (null: not read, the stored totals hold), or the stored totals and a way to the rows. */
export type ShiftSummaryRead = {
	/** The shift's rows; null when the stored totals were current (no order of the shift's days written since). */
	rows: Map<string, SummaryRow> | null;
	/** The orders' part of the totals over `from`..`to` (with rows: folded from them). */
	folded: ShiftOrderTotals;
	/** The rows as of the read (the entries document, or the days when it is gone), for a change that needs them. */
	loadRows: () => Promise<Map<string, SummaryRow>>;
	stats: SummaryStats;
	persist: () => Promise<void>;
};

/** The stored entries of `head`, or null when they are missing or another writer's (another tag). */
async function readEntries(
	db: KasirDatabase,
	head: ShiftSummaryDoc
): Promise<Map<string, SummaryRow> | null> {
	const v: unknown = (await db.meta.findOne(shiftEntriesKey(head.shift)).exec())?.toJSON().value;
	return isEntriesDoc(v) && v.tag === head.tag ? decode(v.entries) : null;
}

/** The shift's rows read from its days (no usable summary). */
async function buildRows(
	db: KasirDatabase,
	shiftId: string,
	from: string,
	to: string
): Promise<Map<string, SummaryRow>> {
	const read = await readShiftDays(db, shiftId, from, to, false);
	const rows = new Map<string, SummaryRow>();
	for (const o of read) rows.set(o.local_id, rowOf(shiftId, o, revisionOf(o), false));
	return rows;
}

const newTag = () => `${rxNow().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

/**
 * The shift as the screen opens: the stored summary and the orders written since. When none of those is of the shift's
 * days, the stored totals hold and the entries are not read; otherwise the entries are read and the orders taken in
 * (with none usable, the shift's days are read once). `persist` stores what changed with the new stamp. Measured as
 * `kasir:shift-orders` (the bench's "read as the screen opens"), up to the totals, before the write.
 */
export async function loadShiftSummary(
	db: KasirDatabase,
	shift: ShiftDoc,
	from: string,
	to: string,
	opts: { commitMarginMs?: number } = {}
): Promise<ShiftSummaryRead> {
	const start = performance.now();
	// Taken before anything is read: what is read below holds every write stamped before this. On RxDB's own clock,
	// the one `_meta.lwt` is stamped with: it runs a few hundredths of a millisecond ahead of `Date.now()` within a busy
	// millisecond, so a write stamped in this very millisecond is not taken for one made after the read.
	const stamp = rxNow() - (opts.commitMarginMs ?? COMMIT_MARGIN_MS);
	const shiftId = shift.local_id;
	const key = shiftSummaryKey(shiftId);
	const epochKey = counterKey(REPORT_EPOCH_COUNTER);
	// Read straight from the meta table: the screen's first read of `meta` on a page load.
	const found = await getMetaValues(db, [epochKey, key]);
	const epochValue = found.get(epochKey);
	const epoch = typeof epochValue === 'number' ? epochValue : 0;
	const v = found.get(key);
	const tRead = performance.now();
	const head = isSummaryDoc(v) && v.shift === shiftId && v.from === from && v.epoch === epoch ? v : null;

	const stats: SummaryStats = {
		source: head ? 'stored' : 'built',
		entries: false,
		changed: 0,
		days_read: 0,
		orders: 0
	};
	let rows: Map<string, SummaryRow> | null = null;
	let folded: ShiftOrderTotals | null = null;
	/** What to store: 'all' the summary and its entries, 'stamp' the summary alone with the new stamp, or nothing. */
	let write: 'all' | 'stamp' | null = head ? null : 'all';
	let heldTo = head ? head.to : to;
	let tEntries = tRead;
	if (head) {
		const changed = await readChangedSince(db, head.seen);
		stats.changed = changed.docs.length;
		const inDays = (o: OrderDoc) => o.business_date >= from && o.business_date <= to;
		if (head.to === to && !changed.docs.some(inDays)) {
			// Nothing written since touches the totals (an order's business day never changes).
			folded = head.folded;
			stats.orders = head.orders;
			if (stats.changed >= SUMMARY_RESTAMP_AFTER) write = 'stamp';
		} else {
			rows = await readEntries(db, head);
			stats.entries = true;
			tEntries = performance.now();
			if (!rows) {
				// Its entries are gone or another writer's: built again.
				stats.source = 'built';
				rows = await buildRows(db, shiftId, from, to);
				stats.days_read = rows.size;
				heldTo = to;
				write = 'all';
			} else {
				for (const o of changed.docs)
					if (put(rows, o.local_id, rowOf(shiftId, o, revisionOf(o), o._deleted))) write = 'all';
				if (stats.changed >= SUMMARY_RESTAMP_AFTER) write = 'all';
				if (head.to < to) {
					// Days the summary was not made over (the shift ran past midnight since): read once, then held.
					const extra = await readShiftDays(db, shiftId, addDays(head.to, 1), to, false);
					stats.days_read = extra.length;
					for (const o of extra) put(rows, o.local_id, rowOf(shiftId, o, revisionOf(o), false));
					heldTo = to;
					write = 'all';
				}
			}
		}
	} else {
		rows = await buildRows(db, shiftId, from, to);
		stats.entries = true;
		stats.days_read = rows.size;
	}
	if (rows) {
		folded = foldedOfRows(rows, from, to);
		stats.orders = count(rows, from, to);
	}
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
			entries: stats.entries,
			// Where the time went: the stored summary's read, its entries' read and parse (when needed), the orders read
			// since (or the days) and the fold.
			ms: { summary: ms(start, tRead), decode: ms(tRead, tEntries), orders: ms(tEntries, end) }
		}
	});
	const kept = rows;
	const at = () => new Date().toISOString();
	const persist = async () => {
		// Idempotent and safe with two tabs: each pair is exact up to its own stamp, so whichever lands last is right (at
		// worst it makes the next open read more changes); halves of two writers differ in tag and are built again.
		if (write === 'stamp' && head) {
			await db.meta.upsert({ key, value: { ...head, seen: stamp }, updated_at: at() });
		} else if (write === 'all' && kept) {
			const tag = newTag();
			const value: ShiftSummaryDoc = {
				shift: shiftId,
				from,
				to: heldTo,
				seen: stamp,
				epoch,
				tag,
				orders: heldTo === to ? stats.orders : count(kept, from, heldTo),
				folded: heldTo === to ? folded! : foldedOfRows(kept, from, heldTo)
			};
			const entries: ShiftEntriesDoc = { tag, entries: encode(kept) };
			await db.meta.bulkUpsert([
				{ key: shiftEntriesKey(shiftId), value: entries, updated_at: at() },
				{ key, value, updated_at: at() }
			]);
		}
	};
	const loadRows = async () =>
		kept ?? (head && (await readEntries(db, head))) ?? (await buildRows(db, shiftId, from, to));
	return { rows, folded: folded!, loadRows, stats, persist };
}

/** How many of the shift's orders over `from`..`to` the rows hold (those with a contribution). */
function count(rows: ReadonlyMap<string, SummaryRow>, from: string, to: string): number {
	let n = 0;
	for (const r of rows.values()) if (r.c && r.date >= from && r.date <= to) n++;
	return n;
}

/**
 * A shift's totals kept live for the shift screen: the stored summary read as it opens (`loadShiftSummary`), then kept
 * from the orders collection's change events (`take`), which carry each written order whole: a sale, void or refund of
 * the shift costs no read of orders (the first such change after an open from the stored totals reads the entries). An
 * event older than what is held (another realm's write delivered late) is ignored by revision; events delivered while
 * the summary is being read are taken after the read, in order.
 */
export class LiveShiftSummary {
	readonly #db: KasirDatabase;
	#key = '';
	#shift = '';
	#from = '';
	#to = '';
	/** The shift's rows; null while the stored totals (`#folded`) hold and no event needed the rows. */
	#rows: Map<string, SummaryRow> | null = null;
	#folded: ShiftOrderTotals | null = null;
	#loadRows: (() => Promise<Map<string, SummaryRow>>) | null = null;
	/** Events of the shift's days taken while the rows were not read: applied once they are. */
	#waiting: RxChangeEvent<OrderDoc>[] = [];
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
		while (this.#key !== key || this.#loading || (!this.#rows && this.#waiting.length)) {
			if (this.#key === key && this.#loading) {
				await this.#loading;
				continue;
			}
			const fresh = this.#key !== key;
			this.#key = key;
			this.#shift = shift.local_id;
			this.#from = from;
			this.#to = to;
			this.#buffer = [];
			const loading = fresh ? this.#open(shift, key, from, to) : this.#readRows(key);
			this.#loading = loading;
			try {
				await loading;
			} finally {
				if (this.#loading === loading) this.#loading = null;
			}
		}
		if (this.#rows) return totalsOfRows(shift, this.#rows, this.#from, this.#to);
		return withShiftCash(shift, this.#folded!);
	}

	async #open(shift: ShiftDoc, key: string, from: string, to: string): Promise<void> {
		this.#rows = null;
		this.#waiting = [];
		const read = await loadShiftSummary(this.#db, shift, from, to, this.#opts);
		if (this.#key !== key) return;
		this.#rows = read.rows;
		this.#folded = read.folded;
		this.#loadRows = read.loadRows;
		this.stats = read.stats;
		// Not waited for: the totals are shown first.
		this.#writing = read.persist().catch(() => undefined);
		this.#drain();
	}

	/** The rows for the events that need them (the first change of the shift's days after an open from stored totals). */
	async #readRows(key: string): Promise<void> {
		const rows = await this.#loadRows!();
		if (this.#key !== key) return;
		this.#rows = rows;
		const waiting = this.#waiting;
		this.#waiting = [];
		for (const e of waiting) this.#apply(e);
		this.#drain();
	}

	#drain(): void {
		const buffered = this.#buffer ?? [];
		this.#buffer = null;
		for (const e of buffered) this.#apply(e);
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
		const inRange = (date: string) => date >= this.#from && date <= this.#to;
		if (!this.#rows) {
			// The stored totals hold until an order of the shift's days is written (its business day never changes).
			if (!inRange(d.business_date)) return false;
			this.#waiting.push(e);
			return true;
		}
		const rev = getHeightOfRevision(d._rev);
		const held = this.#rows.get(e.documentId);
		if (held && held.rev >= rev) return false;
		const row = rowOf(this.#shift, d, rev, e.operation === 'DELETE' || !!d._deleted);
		// Kept even when not the shift's: a late event of an older revision must not bring the order back.
		this.#rows.set(e.documentId, row);
		const inDays = (r: SummaryRow | undefined) => !!r?.c && inRange(r.date);
		return inDays(row) || inDays(held);
	}
}
