// Why: today's orders (and the open ones the tables follow), live from the local database via the business_date index.
import { combineLatest, type Subscription } from 'rxjs';
import type { KasirDatabase, OrderDoc, TableDoc } from '$lib/db';
import { businessDate } from '$lib/domain/business-day';
import { app } from './app.svelte';

class OrdersManager {
	today = $state.raw<OrderDoc[]>([]);
	open = $state.raw<OrderDoc[]>([]);
	tables = $state.raw<TableDoc[]>([]);
	date = $state('');
	#subs: Subscription[] = [];

	watch(db: KasirDatabase, timeZone: string): () => void {
		for (const s of this.#subs) s.unsubscribe();
		this.date = businessDate(new Date(), timeZone, app.dayStart); // i13: today's business day (boundary 05:00 by default)
		this.#subs = [
			db.orders.find({ selector: { business_date: this.date } }).$.subscribe((docs) => {
				this.today = docs
					.map((d) => d.toJSON() as OrderDoc)
					.sort((a, b) => b.created_at.localeCompare(a.created_at));
			}),
			// One equality range per status on the [status, updated_at] index: `$in` would walk every paid order between them.
			combineLatest([
				db.orders.find({ selector: { status: 'open' } }).$,
				db.orders.find({ selector: { status: 'sent' } }).$
			]).subscribe(([open, sent]) => {
				// In local_id order, as the one query gave them.
				this.open = [...open, ...sent]
					.map((d) => d.toJSON() as OrderDoc)
					.sort((a, b) => (a.local_id < b.local_id ? -1 : a.local_id > b.local_id ? 1 : 0));
			}),
			db.tables.find().$.subscribe((docs) => (this.tables = docs.map((d) => d.toJSON() as TableDoc)))
		];
		return () => {
			for (const s of this.#subs) s.unsubscribe();
			this.#subs = [];
		};
	}
}

export const orders = new OrdersManager();
