// Why: the orders screen's paid total read the whole day (one `getAll` of ~1,000 full orders) at every opening. Today's
// report partial (reports.ts, one `meta` document per business day) already holds the day's sums, exact up to its stamp,
// and the orders written since are usually a few: the total is read from it (a partial's `collected` plus its refunds is
// the paid orders' `total_amount`), brought up to date by the same `updateDay` a report uses, and stored back, so the
// next opening and the next report read from there.
import { now as rxNow } from 'rxdb';
import { dayPartial, sameTimeZone, updateDay, type DayChange, type DayPartial } from '../domain/report-day';
import type { OutletTimeZone } from '../domain/time';
import type { KasirDatabase } from './database';
import { counterKey, reportDayKey } from './meta';
import {
	COMMIT_MARGIN_MS,
	isDayDoc,
	readChangedSince,
	readDays,
	REPORT_EPOCH_COUNTER,
	RESTAMP_AFTER_CHANGES,
	revisionOf,
	type ReportDayDoc
} from './reports';

/** The paid orders' total a partial holds: `collected` is their `total_amount` less the refunds it counted. */
export const paidOfPartial = (p: DayPartial): number => p.collected + p.refunds.sum;

/** What the last read did (tests, diagnostics, the bench). */
export type DayPaidStats = {
	/** 'stored': the stored partial; 'kept': the one held since the last read; 'folded': the day read and folded. */
	source: 'stored' | 'kept' | 'folded';
	/** Orders read through the write-time index since the partial's stamp (any day). */
	changed: number;
	/** Orders of the day read (a fold). */
	orders_read: number;
};

/**
 * One business day's paid total for a screen kept open: `read` takes the day's stored partial (or the one held since
 * the last read) and the orders written since its stamp, and folds the day only when no partial is usable (none stored,
 * another eviction epoch or zone) or one cannot take a change in (`updateDay` says so). `persist` stores the partial
 * when it changed, as a report would (idempotent: each stored partial is exact up to its own stamp).
 */
export class DayPaidTotal {
	readonly #db: KasirDatabase;
	readonly #date: string;
	readonly #zone: OutletTimeZone;
	readonly #margin: number;
	#held: ReportDayDoc | null = null;
	#dirty = false;
	stats: DayPaidStats | null = null;

	constructor(
		db: KasirDatabase,
		date: string,
		timeZone: OutletTimeZone,
		opts: { commitMarginMs?: number } = {}
	) {
		this.#db = db;
		this.#date = date;
		this.#zone = timeZone;
		this.#margin = opts.commitMarginMs ?? COMMIT_MARGIN_MS;
	}

	get date(): string {
		return this.#date;
	}

	async read(): Promise<number> {
		const db = this.#db;
		const date = this.#date;
		// Taken before anything is read, on RxDB's clock (the one `_meta.lwt` is stamped with), as a report's.
		const stamp = rxNow() - this.#margin;
		const epochKey = counterKey(REPORT_EPOCH_COUNTER);
		const dayKey = reportDayKey(date);
		const found = await db.meta.findByIds(this.#held ? [epochKey] : [epochKey, dayKey]).exec();
		const epochValue: unknown = found.get(epochKey)?.toJSON().value;
		const epoch = typeof epochValue === 'number' ? epochValue : 0;
		let source: DayPaidStats['source'] = 'kept';
		let held = this.#held;
		if (!held) {
			const v: unknown = found.get(dayKey)?.toJSON().value;
			if (isDayDoc(v, date) && sameTimeZone(v.partial.time_zone, this.#zone)) held = v;
			source = 'stored';
		}
		if (held && held.epoch !== epoch) held = null;
		const stats: DayPaidStats = { source, changed: 0, orders_read: 0 };
		let partial: DayPartial | null = null;
		if (held) {
			const seen = held.seen;
			const r = await readChangedSince(db, seen);
			stats.changed = r.docs.length;
			const changes: DayChange[] = [];
			for (const o of r.docs)
				if (o.business_date === date && o._meta.lwt >= seen)
					changes.push({ order: o, revision: revisionOf(o), deleted: o._deleted });
			if (!changes.length) partial = held.partial;
			else {
				const update = updateDay(held.partial, changes);
				if (update) {
					partial = update.partial;
					if (partial !== held.partial) this.#dirty = true;
				}
			}
			// Changes were read up to now: store the new stamp so the next opening reads from there.
			if (r.docs.length >= RESTAMP_AFTER_CHANGES) this.#dirty = true;
		}
		let paid = partial ? paidOfPartial(partial) : NaN;
		if (!partial || !Number.isSafeInteger(paid)) {
			const orders = (await readDays(db, [date])).days.get(date) ?? [];
			stats.source = 'folded';
			stats.orders_read = orders.length;
			partial = dayPartial(orders, date, this.#zone, revisionOf);
			paid = paidOfPartial(partial);
			// An amount that is not a whole rupiah (a foreign sync): summed as the screen always summed it.
			if (!Number.isSafeInteger(paid))
				paid = orders.reduce((s, o) => s + (o.status === 'paid' ? o.total_amount : 0), 0);
			this.#dirty = true;
		}
		this.#held = { seen: stamp, epoch, partial };
		this.stats = stats;
		return paid;
	}

	/** Stores the held partial when it changed since it was read or last stored. */
	async persist(): Promise<void> {
		const held = this.#held;
		if (!held || !this.#dirty || this.#db.closed) return;
		this.#dirty = false;
		await this.#db.meta.upsert({
			key: reportDayKey(this.#date),
			value: held,
			updated_at: new Date().toISOString()
		});
	}
}
