// Why: the device's shifts live from the local database: the open one (at most one) with its running totals,
// and the last closed one for its Z report.
import type { Subscription } from 'rxjs';
import { loadShiftOrders, type KasirDatabase, type ShiftDoc } from '$lib/db';
import { businessDate } from '$lib/domain/business-day';
import { shiftTotals, type ShiftTotals } from '$lib/domain/shift';
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
			db.meta.find({ selector: { key: { $regex: '^shift:' } } }).$.subscribe((docs) => {
				this.shifts = docs.map((d) => d.toJSON().value as ShiftDoc);
				this.loaded = true;
				void this.refresh();
			}),
			// A sale or a void changes the running totals.
			db.orders.$.subscribe(() => void this.refresh())
		];
	}

	/** Recomputes the shown shift's totals over its orders (read through the business_date index). */
	async refresh(): Promise<void> {
		const db = this.#db;
		const shift = this.shown;
		if (!db || !shift) {
			this.totals = null;
			return;
		}
		const last = businessDate(shift.closed_at ?? Date.now(), app.timeZone, app.dayStart);
		const orders = await loadShiftOrders(db, shift, last);
		if (this.shown?.local_id === shift.local_id) this.totals = shiftTotals(shift, orders);
	}
}

export const shifts = new ShiftManager();
