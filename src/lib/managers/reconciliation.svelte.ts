// Why: the reconciliation outcomes of the last 30 business days, live from the local database (meta `reconcile:*`).
import type { Subscription } from 'rxjs';
import { keyPrefix, type KasirDatabase, type ReconciliationDoc } from '$lib/db';
import { addDays, businessDate } from '$lib/domain/business-day';
import { app } from './app.svelte';

/** How many business days the screen lists, newest first. */
export const RECONCILE_DAYS = 30;

export type DayRow = { date: string; outcome: ReconciliationDoc | null };

class ReconciliationManager {
	outcomes = $state.raw<Record<string, ReconciliationDoc>>({});
	/** Business days being checked right now. */
	checking = $state.raw<string[]>([]);
	#db: KasirDatabase | null = null;
	#sub: Subscription | null = null;

	/** Today's business day in the outlet's zone and day boundary. */
	today(): string {
		return businessDate(Date.now(), app.timeZone, app.dayStart);
	}

	/** The last 30 business days, newest first, each with its outcome if it was ever checked. */
	rows = $derived.by((): DayRow[] => {
		const today = businessDate(Date.now(), app.timeZone, app.dayStart);
		return Array.from({ length: RECONCILE_DAYS }, (_, i) => {
			const date = addDays(today, -i);
			return { date, outcome: this.outcomes[date] ?? null };
		});
	});

	attach(db: KasirDatabase): void {
		if (this.#db === db) return;
		this.#db = db;
		this.#sub?.unsubscribe();
		this.#sub = db.meta.find({ selector: keyPrefix('reconcile:') }).$.subscribe((docs) => {
			const next: Record<string, ReconciliationDoc> = {};
			for (const d of docs) {
				const v = d.toJSON().value as ReconciliationDoc;
				next[v.date] = v;
			}
			this.outcomes = next;
		});
	}
}

export const reconciliation = new ReconciliationManager();
