// Why: today's orders (a live window of the newest, with the day's count and paid total) and the open ones the tables
// follow, live from the local database through indexes.
import { combineLatest, type Subscription } from 'rxjs';
import type { KasirDatabase, OrderDoc, TableDoc } from '$lib/db';
import { ackIndexIfAny, watchAckCounts } from '$lib/db/acks';
import { DayPaidTotal } from '$lib/db/day-paid';
import { LiveDayOrders } from '$lib/db/live-day-orders';
import { businessDate } from '$lib/domain/business-day';
import { app } from './app.svelte';

/** The orders screen first reads about one screen of today's newest orders, then a page more as its end scrolls in. */
export const ORDERS_PAGE = 50;

class OrdersManager {
	/** The shown window of today's orders, newest first (`todayCount` may be more: `loadMore` grows it). */
	today = $state.raw<OrderDoc[]>([]);
	/** How many orders today holds. */
	todayCount = $state(0);
	/** Today's paid orders' total; null for the moment after the first page while the day is folded. */
	paidTotal = $state<number | null>(null);
	/** Today holds more orders than the window shows. */
	hasMore = $state(false);
	open = $state.raw<OrderDoc[]>([]);
	tables = $state.raw<TableDoc[]>([]);
	date = $state('');
	#subs: Subscription[] = [];
	#day: LiveDayOrders | null = null;

	/** The orders screen: today's newest orders, the day's count and paid total, live. */
	watchToday(db: KasirDatabase, timeZone: string): () => void {
		this.#day?.close();
		this.date = businessDate(new Date(), timeZone, app.dayStart); // i13: today's business day (boundary 05:00 by default)
		this.paidTotal = null;
		// Each order as it reads once the push's acknowledgement ledger is folded (`db/push-ack.ts`): an order the cloud
		// has acknowledged shows "sent" at once, as the till's badge counts it, not only after the worker's fold.
		let stored: OrderDoc[] = [];
		let acks: Awaited<ReturnType<typeof ackIndexIfAny>> = null;
		const show = () => (this.today = acks ? stored.map((o) => acks!.effective(o)) : stored);
		const day = new LiveDayOrders(
			db.orders,
			this.date,
			ORDERS_PAGE,
			(v) => {
				stored = v.orders;
				show();
				this.todayCount = v.count;
				this.paidTotal = v.paidTotal;
				this.hasMore = v.hasMore;
			},
			// Today's stored report partial and the orders written since, not the whole day (db/day-paid.ts).
			new DayPaidTotal(db, this.date, timeZone)
		);
		let closed = false;
		const stopAcks = watchAckCounts(db, () => {
			void ackIndexIfAny(db).then((index) => {
				if (closed) return;
				acks = index;
				show();
			});
		});
		this.#day = day;
		return () => {
			closed = true;
			stopAcks();
			day.close();
			if (this.#day === day) this.#day = null;
		};
	}

	/** One page more of today's orders (the list's end scrolled into view). */
	loadMore(): void {
		if (this.hasMore) this.#day?.grow(ORDERS_PAGE);
	}

	/** The tables screen: open orders and the tables, live. */
	watch(db: KasirDatabase, timeZone: string): () => void {
		for (const s of this.#subs) s.unsubscribe();
		this.date = businessDate(new Date(), timeZone, app.dayStart); // i13: today's business day (boundary 05:00 by default)
		this.#subs = [
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
