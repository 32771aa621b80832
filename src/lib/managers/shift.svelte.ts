// Why: the device's shifts live from the local database: the open one (at most one) with its running totals,
// and the last closed one for its Z report.
import type { Subscription } from 'rxjs';
import {
	keyPrefix,
	LiveShiftSummary,
	SHIFT_TOTALS_MEASURE,
	type KasirDatabase,
	type ShiftDoc
} from '$lib/db';
import { businessDate } from '$lib/domain/business-day';
import type { ShiftTotals } from '$lib/domain/shift';
import { app } from './app.svelte';

class ShiftManager {
	shifts = $state.raw<ShiftDoc[]>([]);
	loaded = $state(false);
	/** Totals of the open shift, or of the last closed one when none is open. */
	totals = $state.raw<ShiftTotals | null>(null);

	current = $derived(this.shifts.find((s) => s.status === 'open') ?? null);
	lastClosed = $derived(
		this.shifts
			.filter((s) => s.status === 'closed')
			.sort((a, b) => (b.closed_at ?? '').localeCompare(a.closed_at ?? ''))[0] ?? null
	);
	/** The shift the screen reports on. */
	shown = $derived(this.current ?? this.lastClosed);

	#db: KasirDatabase | null = null;
	#subs: Subscription[] = [];

	attach(db: KasirDatabase): void {
		if (this.#db === db) return;
		this.#db = db;
		for (const s of this.#subs) s.unsubscribe();
		this.#subs = [
			// A key range: a `$regex` would read every meta document (this shift's own summary entries included) at each open.
			db.meta.find({ selector: keyPrefix('shift:') }).$.subscribe((docs) => {
				this.shifts = docs.map((d) => d.toJSON().value as ShiftDoc);
				this.loaded = true;
				void this.refresh();
			}),
			// A sale, a void or a refund of the shift changes the running totals: taken from the written order itself (no
			// read); a write of any other order changes nothing. A new business day reads the shift's summary again.
			db.orders.$.subscribe((e) => {
				const shift = this.shown;
				if (!shift || !this.#live) return void this.refresh();
				if (this.#live.take(e, shift, this.#lastDate(shift)) !== 'same') void this.refresh();
			})
		];
		this.#live = new LiveShiftSummary(db);
	}

	#live: LiveShiftSummary | null = null;

	#lastDate(shift: ShiftDoc): string {
		return businessDate(shift.closed_at ?? Date.now(), app.timeZone, app.dayStart);
	}

	/** Recomputes the shown shift's totals (its stored summary and the orders written since, read once, then kept live). */
	async refresh(): Promise<void> {
		const live = this.#live;
		const shift = this.shown;
		if (!live || !shift) {
			this.totals = null;
			return;
		}
		const start = performance.now();
		const totals = await live.totals(shift, this.#lastDate(shift));
		if (this.shown?.local_id !== shift.local_id) return;
		this.totals = totals;
		// The bench reads this (a write of the shift's orders to its totals); the timeline keeps the last one.
		performance.clearMeasures(SHIFT_TOTALS_MEASURE);
		performance.measure(SHIFT_TOTALS_MEASURE, {
			start,
			detail: { orders: totals.paid.count + totals.voids.count }
		});
	}
}

export const shifts = new ShiftManager();
