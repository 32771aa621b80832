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
	/** Today's view opened by the route's `load` (`openToday`), waiting for the screen's `watchToday` to take it over. */
	#opened: { db: KasirDatabase; date: string; stop: () => void } | null = null;

	/**
	 * Opens today's view before the screen renders (its route's `load`) and waits for its first page and paid total, at
	 * most `waitMs`: the screen then draws once with its rows and total, not empty first and again when the reads land
	 * behind that render. The screen's `watchToday` takes the view over; a view nobody took over is closed by the next
	 * open.
	 */
	async openToday(db: KasirDatabase, timeZone: string, waitMs = 500): Promise<void> {
		let shown!: () => void;
		const first = new Promise<void>((resolve) => (shown = resolve));
		const stop = this.#start(db, timeZone, shown);
		this.#opened = { db, date: this.date, stop };
		let timer: ReturnType<typeof setTimeout> | undefined;
		await Promise.race([first, new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))]);
		clearTimeout(timer);
	}

	/** The orders screen: today's newest orders, the day's count and paid total, live. */
	watchToday(db: KasirDatabase, timeZone: string): () => void {
		const opened = this.#opened;
		this.#opened = null;
		if (opened?.db === db && opened.date === businessDate(new Date(), timeZone, app.dayStart))
			return opened.stop;
		opened?.stop();
		return this.#start(db, timeZone);
	}

	/** Today's live view; `shown` is called when its first page and paid total are there, or at a failure. */
	#start(db: KasirDatabase, timeZone: string, shown: () => void = () => {}): () => void {
		this.#opened?.stop();
		this.#opened = null;
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
				// The first page comes first, its paid total just after it (a few ms on a quiet thread): the screen's first
				// render waits for both.
				if (v.paidTotal !== null) shown();
			},
			// Today's stored report partial and the orders written since, not the whole day (db/day-paid.ts).
			new DayPaidTotal(db, this.date, timeZone),
			(err) => {
				console.error(err);
				shown();
			}
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
